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
