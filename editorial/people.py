"""People as this site names them, and the author profile that goes with each 著者.

Names are written family name first (山田 花子), as Japanese readers expect: users.User's
`get_full_name()` and `display_name` here share the rule (users.names.family_first).
"""

from django.db.models import Q
from django.utils.text import slugify

from users.names import family_first

from . import roles


def display_name(user):
    """「山田 花子」: family name, then given name; the login name when both are empty.

    Reads fields only, so the data migration's historical users work too."""
    return family_first(user.last_name, user.first_name) or user.username


def profile_of(user):
    """The user's author profile, or None."""
    from articles.models import Author

    return Author.objects.filter(user_id=user.pk).first() if user.pk else None


def pen_name(user):
    """The name a user writes under: their author profile's name, else their display name."""
    profile = profile_of(user)
    return profile.name if profile else display_name(user)


def is_author(user):
    return user.is_active and user.groups.filter(name=roles.AUTHORS).exists()


def _free_slug(base, Author):
    slug, number = base, 1
    while Author.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def ensure_author_profile(user):
    """Give a 著者 an author profile linked to their account (once; never changes one).

    An unlinked profile with exactly their name (one an editor made before the account
    existed) is linked rather than duplicated."""
    from articles.models import Author

    if not is_author(user):
        return None
    return link_or_create_profile(user, Author)


def link_or_create_profile(user, Author):
    """The profile rule itself, for a user known to be a 著者 (`Author` may be the data
    migration's historical model): nothing when they have one, else link a namesake or create."""
    if Author.objects.filter(user_id=user.pk).exists():
        return None
    name = display_name(user)
    namesakes = Author.objects.filter(user__isnull=True, name=name)
    if namesakes.count() == 1:
        profile = namesakes.get()
        profile.user = user
        profile.save(update_fields=["user"])
        return profile
    base = slugify(user.username, allow_unicode=True) or "author"
    return Author.objects.create(name=name, slug=_free_slug(base, Author), user=user)


def author_account(article):
    """The account that hears about an article: its author profile's, or, for an article
    without an author profile, the account that created it."""
    author = getattr(article, "author", None)
    if author is not None:
        return author.user
    return getattr(article, "owner", None)


def articles_by(user):
    """The articles whose author_account is `user` (the same rule, as a query)."""
    from articles.models import ArticlePage

    return ArticlePage.objects.filter(Q(author__user=user) | Q(author__isnull=True, owner=user))
