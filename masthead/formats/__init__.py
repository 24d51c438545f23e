"""Our date and number formats where Django's are not a newspaper's
(settings.FORMAT_MODULE_PATH). Reader-facing dates go through
masthead.core.newsdates; these cover Django's own `{{ value }}` and `date`
named formats, e.g. in the admin."""
