"""Signed values for the links in our emails (Django's signing, not xtd's pickles).

Confirmation links carry a PendingComment id and the time they were signed, and expire after
COMMENTS_CONFIRMATION_MAX_AGE. Mute links carry the article and the address; they never
expire, so an old notification can always be stopped. COMMENTS_XTD_SALT is part of both
salts: changing it invalidates every link already sent.
"""

from django.conf import settings
from django.core import signing

BadSignature = signing.BadSignature
SignatureExpired = signing.SignatureExpired


def _salt(purpose):
    return f"comments.{purpose}:{settings.COMMENTS_XTD_SALT.decode()}"


def confirmation_key(pending):
    return signing.TimestampSigner(salt=_salt("confirm")).sign(str(pending.pk))


def read_confirmation_key(key):
    """The PendingComment id; raises SignatureExpired or BadSignature."""
    value = signing.TimestampSigner(salt=_salt("confirm")).unsign(
        key, max_age=settings.COMMENTS_CONFIRMATION_MAX_AGE
    )
    try:
        return int(value)
    except ValueError as exc:
        raise BadSignature("not an id") from exc


def mute_key(page_id, email):
    return signing.dumps({"p": page_id, "e": email.lower()}, salt=_salt("mute"))


def read_mute_key(key):
    """(page id, email); raises BadSignature."""
    value = signing.loads(key, salt=_salt("mute"))
    try:
        return int(value["p"]), str(value["e"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadSignature("malformed") from exc
