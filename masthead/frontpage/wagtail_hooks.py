"""Front page admin: Top Stories, one ordered list of picks per edition,
edited without touching (or republishing) the edition's front page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import TopStoriesForm
from .models import TopStories


class LineupPanel(Panel):
    """What the front shows right now, slot by slot: picked (until when)
    or filled automatically. Saved changes show here after saving."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "frontpage/admin/top_stories_lineup.html"

        def get_context_data(self, parent_context=None):
            from .selectors import edition_now, slot_note, top_stories

            context = super().get_context_data(parent_context)
            edition = self.instance.edition if self.instance.edition_id else None
            slots = []
            if edition is not None:
                today = edition_now(edition)
                for story in top_stories(edition, limit=7):
                    slots.append(
                        {
                            "story": story,
                            "picked": story.is_picked,
                            "note": slot_note(story, today.tzinfo, today.date()),
                        }
                    )
            context["slots"] = slots
            return context


class TopStoriesViewSet(SnippetViewSet):
    model = TopStories
    icon = "list-ol"
    menu_label = _("Top Stories")
    menu_name = "top-stories"
    menu_order = 190
    add_to_admin_menu = True
    list_display = ["__str__"]
    edit_handler = ObjectList(
        [
            *TopStories.panels,
            LineupPanel(heading=_("On the front now")),
        ],
        base_form_class=TopStoriesForm,
    )


register_snippet(TopStoriesViewSet)
