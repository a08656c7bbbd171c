"""Public comment views: post, reply form, "check your email", confirm, mute.

No xtd or django-contrib-comments view is mounted (their URLs include a REST API we do not
use, confirmation links that never expire, and English-only pages); these replace them under
the same URL names.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import published_articles
from security.addresses import client_ip

from . import csrf, notifications, posting, ratelimit, replies, tokens
from .closing import comments_open
from .forms import MAX_INT, CommentForm
from .models import BlogComment, PendingComment
from .published import published_url

logger = logging.getLogger(__name__)

ARTICLE_CONTENT_TYPE = "articles.articlepage"


def live_article(page_id):
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        return None
    if not 0 < page_id <= MAX_INT:  # beyond any primary key (and any database integer)
        return None
    return published_articles().filter(pk=page_id).first()


def user_identity(user):
    """Name and address for a logged-in user's comment (the form does not ask them)."""
    name = (user.get_full_name() or user.get_username())[:50]
    return name, user.email or f"user{user.pk}@localhost"


def message_page(request, status, title, message, *, article=None, text="", template=None):
    """A page that explains what happened; `text` gives the reader back what they wrote."""
    return render(
        request,
        template or "comments/message.html",
        {"title": title, "message": message, "article": article, "kept_text": text},
        status=status,
    )


def form_page(request, form, article, *, status=200, notice="", user=None):
    """The comment form on a page of its own, with the reader's input and any errors."""
    if form.is_bound:
        form.data = form.refreshed_data()  # a new timestamp: the reader may take their time
        form.is_valid()  # errors (kept if already checked) and the parent being replied to
    return render(
        request,
        "comments/pages/preview.html",
        {
            "form": form,
            "article": article,
            "parent": form.parent,
            "notice": notice,
            "comment_user": user,
        },
        status=status,
    )


@csrf_exempt  # checked by hand, with answers of our own: see comments/csrf.py
@require_POST
def post_comment(request):
    data = request.POST.copy()
    article = live_article(data.get("object_pk"))
    if data.get("content_type") != ARTICLE_CONTENT_TYPE or article is None:
        return message_page(
            request,
            400,
            _("Your comment could not be posted"),
            _("This page does not accept comments."),
            text=data.get("comment", ""),
        )
    if not comments_open(article):
        return _closed(request, article, text=data.get("comment", ""))
    if not csrf.has_site_token(request):
        return _without_token(request, article, data)
    user = csrf.trusted_user(request)
    if user is not None:
        data["name"], data["email"] = user_identity(user)
    form = CommentForm(article, data=data)
    if form.security_errors():
        return _security_failure(request, article, form, user)
    if not form.is_valid():
        return form_page(request, form, article, user=user)
    if user is not None:
        return _publish_directly(request, article, form.cleaned_data, user)
    return _ask_for_confirmation(request, article, form)


def _without_token(request, article, data):
    """No CSRF token of this site: refused when another site sent it, else (our own form with
    JavaScript off, or an old browser) shown again with a token. Nothing is sent either way."""
    if csrf.is_cross_site(request):
        logger.info("Cross-site comment post refused (%s)", request.headers.get("Origin"))
        return message_page(
            request,
            403,
            _("Your comment could not be posted"),
            _("Comments can only be sent from the form on this site's own pages."),
            article=article,
        )
    notice = _(
        "For your security, the form has been renewed. Your text is still here: please press "
        "“Post comment” again."
    )
    return form_page(request, CommentForm(article, data=data), article, status=403, notice=notice)


def _security_failure(request, article, form, user):
    data = form.data
    if form.security_errors_are_only_expiry():
        notice = _(
            "The form had been open for a long time, so it has been renewed. Your text is "
            "still here: please press “Post comment” again."
        )
        return form_page(
            request, CommentForm(article, data=data), article, notice=notice, user=user
        )
    logger.info("Comment refused by security checks: %s", sorted(form.security_errors()))
    return message_page(
        request,
        400,
        _("Your comment could not be posted"),
        _("The form could not be verified. Please reload the article and try again."),
        article=article,
        text=data.get("comment", ""),
    )


def _publish_directly(request, article, cleaned, user):
    try:
        comment, created = posting.create_comment(
            article,
            name=cleaned["name"],
            email=cleaned["email"],
            url=cleaned["url"],
            text=cleaned["comment"],
            followup=cleaned["followup"],
            parent_id=cleaned["reply_to"],
            ip=client_ip(request),
            user=user,
        )
    except posting.ParentUnavailable:  # hidden between the form check and now
        return message_page(
            request,
            409,
            _("Your comment could not be posted"),
            _("The comment you are replying to is not available."),
            article=article,
            text=cleaned["comment"],
        )
    if created:
        _announce(comment, article)
    return redirect(published_url(comment))


def _ask_for_confirmation(request, article, form):
    cleaned = form.cleaned_data
    ip = client_ip(request)
    if ratelimit.is_limited(ip, cleaned["email"]):
        notice = _(
            "Too many comments have been sent from here in a short time. Please wait a few "
            "minutes and press “Post comment” again; your text is kept."
        )
        return form_page(request, form, article, status=429, notice=notice)
    posting.purge_expired_pending()
    pending = posting.create_pending(article, cleaned, ip)
    try:
        notifications.send_confirmation_request(pending, article)
    except OSError:  # smtplib.SMTPException, refused connections and timeouts
        logger.exception(
            "Confirmation mail to %s failed; the reader was asked to retry", pending.user_email
        )
        pending.delete()
        notice = _(
            "We could not send the confirmation email just now, so your comment has not been "
            "posted yet. Your text is kept: please try again in a few minutes."
        )
        return form_page(request, form, article, status=503, notice=notice)
    ratelimit.record(ip, cleaned["email"])
    return redirect("comments-xtd-sent", page_id=article.pk)


def _announce(comment, article):
    notifications.notify_author(comment, article)
    if comment.is_visible:
        notifications.comment_published(comment, article)


@require_GET
def reply(request, cid):
    parent = None
    if 0 < cid <= MAX_INT:  # a larger id is no comment (and no database integer)
        parent = BlogComment.objects.visible().filter(pk=cid).select_related("content_type").first()
    article = None
    if parent is not None and parent.content_type.natural_key() == tuple(
        ARTICLE_CONTENT_TYPE.split(".")
    ):
        article = live_article(parent.object_pk)
    if article is None:
        return message_page(
            request,
            404,
            _("This comment is not available"),
            _("The comment may have been removed."),
        )
    if not comments_open(article):
        return _closed(request, article)
    if not replies.accepts_replies(parent):
        return message_page(
            request,
            400,
            _("You cannot reply to this comment"),
            _("This conversation cannot be nested any deeper."),
            article=article,
        )
    user = request.user if request.user.is_authenticated else None
    form = CommentForm(article, comment=parent)
    return render(
        request,
        "comments/pages/reply.html",
        {"form": form, "article": article, "parent": parent, "comment_user": user},
    )


@never_cache
@require_GET
def form_data(request, page_id):
    """A fresh timestamp and security hash for an article's comment form. The form on a cached
    page is as old as the copy (the timestamp expires after COMMENTS_TIMEOUT): the form's
    script (static/comments/js/form-refresh.js) fetches these just before posting."""
    article = live_article(page_id)
    if article is None or not comments_open(article):
        raise Http404
    data = CommentForm(article).generate_security_data()
    return JsonResponse(
        {
            "timestamp": data["timestamp"],
            "security_hash": data["security_hash"],
            "csrf_token": get_token(request),  # this reader's own (comments/csrf.py)
        }
    )


@require_GET
def sent(request, page_id):
    article = live_article(page_id)
    if article is None:
        raise Http404
    return render(
        request,
        "comments/pages/posted.html",
        {"article": article, "valid_days": notifications.confirmation_days()},
    )


@csrf_exempt  # the signed key is the proof; readers may open the link in another browser
@require_http_methods(["GET", "POST"])
def confirm(request, key):
    """The link in the confirmation email. Opening it (GET) shows the comment with a button;
    only the button (POST) publishes it. Mail security scanners open the links of the messages
    they check: if opening published, anybody could post in the name of a scanned address."""
    try:
        pending_id = tokens.read_confirmation_key(key)
    except tokens.SignatureExpired:
        return _expired_link(request)
    except tokens.BadSignature:
        return message_page(
            request,
            400,
            _("This link is not valid"),
            _(
                "The confirmation link is incomplete or has been changed. Please open the "
                "whole link from the email, or post your comment again."
            ),
        )
    if request.method == "GET":
        return _show_pending(request, pending_id)
    return _publish_pending(request, pending_id)


def _show_pending(request, pending_id):
    pending, article, answer = _checked_pending(request, pending_id, lock=False)
    if answer is not None:
        return answer
    return render(
        request,
        "comments/pages/confirm.html",
        {"pending": pending, "article": article, "action": request.path},
    )


def _publish_pending(request, pending_id):
    with transaction.atomic():
        pending, article, answer = _checked_pending(request, pending_id, lock=True)
        if answer is not None:
            return answer
        try:
            comment, created = posting.publish_pending(pending, article)
        except posting.ParentUnavailable:
            refusal = _(
                "The comment you replied to has been removed in the meantime, so your "
                "reply could not be posted."
            )
            return _discarded(request, article, refusal, pending.comment)
    if created:
        _announce(comment, article)
    return _after_confirmation(request, comment, article)


def _checked_pending(request, pending_id, lock):
    """(pending comment, its article, None), or a page to answer with instead when the link
    can publish nothing: expired, already followed, article gone or closed. `lock` holds the
    row until the transaction ends, so that two presses of the button publish once."""
    rows = PendingComment.objects.filter(pk=pending_id)
    pending = (rows.select_for_update() if lock else rows).first()
    if pending is None:
        return None, None, _expired_link(request)
    article = live_article(pending.page_id)
    answer = _settled(request, pending, article)
    if answer is None and (refusal := _refusal(article)):
        answer = _discarded(request, article, refusal, pending.comment)
    return pending, article, answer


def _settled(request, pending, article):
    """The answer for a link that can publish nothing (any more), else None."""
    if pending.confirmed_at is not None:  # the link was followed before
        return _after_confirmation(request, pending.published_comment, article)
    if article is None:
        return message_page(
            request,
            404,
            _("This article is not available"),
            _("The article has been unpublished, so your comment could not be posted."),
            text=pending.comment,
        )
    return None


def _discarded(request, article, reason, text):
    return render(
        request,
        "comments/pages/discarded.html",
        {"article": article, "reason": reason, "kept_text": text},
        status=409,
    )


def _closed(request, article, text=""):
    return message_page(
        request,
        403,
        _("Comments are closed"),
        _("This article no longer accepts comments."),
        article=article,
        text=text,
    )


def _refusal(article):
    if not comments_open(article):
        return _("This article no longer accepts comments, so your comment could not be posted.")
    return None


def _expired_link(request):
    return message_page(
        request,
        410,
        _("This link has expired"),
        _(
            "Confirmation links work for %(days)s days. Please post your comment again; "
            "you will receive a new link."
        )
        % {"days": notifications.confirmation_days()},
    )


def _after_confirmation(request, comment, article):
    if comment is None:
        return message_page(
            request,
            410,
            _("This comment is not available"),
            _("Your comment was confirmed earlier and has since been removed."),
            article=article,
        )
    if comment.is_visible:
        return redirect(published_url(comment))
    return render(
        request, "comments/pages/moderated.html", {"comment": comment, "article": article}
    )


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail providers POST without a CSRF token
@require_http_methods(["GET", "POST"])
def mute(request, key):
    """The "stop notifications" link of follow-up emails: a button on GET (scanners open
    links too), done on POST, which is also what mail programs send for List-Unsubscribe-Post."""
    try:
        page_id, email = tokens.read_mute_key(key)
    except tokens.BadSignature:
        return message_page(
            request,
            400,
            _("This link is not valid"),
            _("Please open the whole link from the email."),
        )
    article = live_article(page_id)
    if request.method == "GET":
        return render(
            request, "comments/pages/mute.html", {"article": article, "action": request.path}
        )
    article_type = ContentType.objects.get_by_natural_key(*ARTICLE_CONTENT_TYPE.split("."))
    BlogComment.objects.filter(
        content_type=article_type,
        object_pk=str(page_id),
        user_email__iexact=email,
        followup=True,
    ).update(followup=False)
    return render(request, "comments/pages/muted.html", {"article": article})
