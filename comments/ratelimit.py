"""Limits on the confirmation mails the comment form makes the site send: per client
address and per mailbox within COMMENTS_RATE_PERIOD, and for the whole site per hour
(COMMENTS_MAIL_PER_HOUR). Counted in the database by security/ratelimit.py, the rule the
contact form uses too.

Email addresses are counted in a normalised form, so `Victim+1@Gmail.com` and
`v.i.c.t.i.m@googlemail.com` use the same allowance as `victim@gmail.com`.
"""

from django.conf import settings

from security import ratelimit as shared
from security.ratelimit import Limit, hashed

SITE_KEY = "comment-mail:site"
SITE_PERIOD = 60 * 60
# Providers that ignore dots in the local part, and the domain each is known under.
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalized_address(email):
    """The mailbox an address delivers to, as far as the rate limit is concerned: lower case,
    without a +tag, and without dots where the provider ignores them."""
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), DOTLESS_DOMAINS[domain]
    return f"{local}@{domain}"


def mail_limits(ip, email):
    """The limits a confirmation mail for this client address and email address counts under."""
    period, per_sender = settings.COMMENTS_RATE_PERIOD, settings.COMMENTS_RATE_LIMIT
    limits = [Limit(SITE_KEY, settings.COMMENTS_MAIL_PER_HOUR, SITE_PERIOD)]
    if ip:
        limits.append(Limit(hashed("comment-mail-ip", ip), per_sender, period))
    if email:
        mailbox = normalized_address(email)
        limits.append(Limit(hashed("comment-mail-to", mailbox), per_sender, period))
    return limits


def is_limited(ip, email):
    """True when one of the counts this post falls under has used up its allowance."""
    return shared.is_limited(mail_limits(ip, email))


def record(ip, email):
    """Count one confirmation mail sent for this client address and email address."""
    shared.record(mail_limits(ip, email))
