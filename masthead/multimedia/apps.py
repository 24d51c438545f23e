from django.apps import AppConfig


class MultimediaConfig(AppConfig):
    name = "masthead.multimedia"
    label = "multimedia"
    verbose_name = "Multimedia"
