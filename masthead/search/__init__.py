"""Reader search: a story index of our own beside Wagtail's, Bengali-aware,
ranked by relevance blended with recency over a bounded window of matches.

text.py normalises and splits words (both legs, index and query alike);
index.py writes the index (services); selectors.py reads it; subscribers.py
keeps it in step with the newsroom's events.
"""
