"""Admin views of the newsroom: withdrawing (killing) a story."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.actions.copy_for_translation import ParentNotTranslatedError
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView

from .models import ArticlePage
from .services import withdraw_story


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note for readers"),
        help_text=gettext_lazy(
            "Shown at the story's address instead of the story, e.g. why it "
            "was withdrawn. Plain text, up to 1,000 characters."
        ),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@require_http_methods(["GET", "POST"])
def withdraw(request, page_id: int):
    page = get_object_or_404(ArticlePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        withdraw_story(story=page, note=form.cleaned_data["note"], user=request.user)
        messages.success(
            request, _("“%(title)s” has been withdrawn.") % {"title": page.title}
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request,
        "newsroom/admin/withdraw.html",
        {
            "page": page,
            "form": form,
            "header_title": _("Withdraw %(title)s") % {"title": page.title},
            "action_url": reverse("masthead_withdraw", args=[page.pk]),
            "cancel_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
        status=400 if form.errors else 200,
    )


class TranslateStoryView(SubmitPageTranslationView):
    """Wagtail's "Translate" (simple_translation), answering a language whose
    parent section is not translated yet with a message instead of a 500:
    the form only greys that language out, and a POST naming it anyway
    raised ParentNotTranslatedError."""

    def post(self, request, **kwargs):
        try:
            return super().post(request, **kwargs)
        except ParentNotTranslatedError:
            messages.error(
                request,
                _(
                    "Translate the story's section into that language first, "
                    "then the story."
                ),
            )
            return self.render_to_response(self.get_context_data(**kwargs), status=400)
