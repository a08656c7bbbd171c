"""Replying to a reader from the admin, under the pen name of the one who replies.

The reply goes through posting.create_comment like any comment (thread lock, duplicate
check); the thread's followers then hear about it as they would from the public site."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from editorial import people
from security.addresses import client_ip

from . import notifications, posting
from .admin_views import comment_policy, comments_for


class ReplyForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Your reply"),
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": gettext_lazy("Please write a reply.")},
    )

    def clean_comment(self):
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise forms.ValidationError(_("Please write a reply."))
        return text


def publish_reply(request, parent, text):
    """Create the reply (or find the same one sent twice) and tell the thread's followers."""
    article = parent.content_object
    user = request.user
    reply, created = posting.create_comment(
        article,
        name=people.pen_name(user),
        email=user.email,
        url="",
        text=text,
        followup=False,
        parent_id=parent.pk,
        ip=client_ip(request),
        user=user,
    )
    if created and reply.is_visible:
        notifications.comment_published(reply, article)
    return reply


def reply(request, pk):
    parent = get_object_or_404(comments_for(request.user).visible(), pk=pk)
    if not comment_policy.user_has_permission_for_instance(request.user, "change", parent):
        raise PermissionDenied
    listing = reverse("wagtailsnippets_comments_blogcomment:list")
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publish_reply(request, parent, form.cleaned_data["comment"])
        except posting.ParentUnavailable:
            messages.error(request, _("This comment can no longer get a reply."))
            return redirect(listing)
        messages.success(request, _("Your reply was published."))
        return redirect(listing)
    context = {
        "parent": parent,
        "article": parent.content_object,
        "form": form,
        "pen_name": people.pen_name(request.user),
        "listing_url": listing,
    }
    return TemplateResponse(request, "comments/admin/reply.html", context)
