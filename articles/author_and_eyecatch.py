"""What an article's page shows of its author and its eyecatch, kept on its row
(ArticlePage.author_and_eyecatch): the byline and author box (name, address name, biography,
the portrait's rendition) and the eyecatch (the hero's <picture>, its preload, the 1200×630
picture of link previews). Wagtail's routing reads the article alone; reading these from the
author, portrait, eyecatch and rendition rows would cost a query each on every view.

Worked out by the first view after a change and stored with the generation guard (like the
tags and linked articles: ArticlePage.store_derived); a save of the article drops it, and so
does a change to its author, the portrait or the eyecatch image, or their renditions being
deleted (articles/stale.py). A preview works it out from the draft and stores nothing.

Stored: {"author": None | {"pk", "name", "slug", "bio", "avatar_id", "user_id",
"portrait": None | RENDITION},
"hero": None | {"html", "preload": None | {"srcset", "sizes", "type"}, "share": RENDITION}}
with RENDITION = {"url", "width", "height"}.
"""

from dataclasses import asdict, dataclass

from django.utils.safestring import mark_safe

from wagtail.images import get_image_model
from wagtail.images.shortcuts import get_rendition_or_not_found

from sharing.images import ShareImage

from .eyecatch import AVATAR_SPEC, Preload, hero_pictures, hero_preload

# The author's own fields the article page reads (the account: the badge on their comments).
AUTHOR_FIELDS = ("pk", "name", "slug", "bio", "avatar_id", "user_id")


@dataclass(frozen=True)
class KeptRendition:
    """A rendition as a page uses it: its address and size."""

    url: str
    width: int
    height: int


def kept_rendition(rendition):
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height}


@dataclass(frozen=True)
class KeptPortrait:
    """The author's portrait for Wagtail's {% image %} tag, which asks an image for a
    rendition (Image.get_rendition(filter), its public method): the kept one for AVATAR_SPEC,
    any other size from the image itself (a template asking for another size still works)."""

    image_id: int
    portrait: KeptRendition

    def get_rendition(self, image_filter):
        if getattr(image_filter, "spec", image_filter) == AVATAR_SPEC:
            return self.portrait
        image = get_image_model().objects.filter(pk=self.image_id).first()
        if image is None:  # deleted since this page was read: the kept size, not an error
            return self.portrait
        return image.get_rendition(image_filter)


@dataclass(frozen=True)
class ShownAuthor:
    """The author as the author box shows them (articles/includes/author_box.html)."""

    name: str
    bio: str
    avatar: KeptPortrait | None


def to_store(article):
    """What is stored for `article` (its author and eyecatch read now: a query or two each)."""
    return {"author": author_to_store(article.author), "hero": hero_to_store(article)}


def author_to_store(author):
    if author is None:
        return None
    portrait = None
    if author.avatar_id:
        portrait = kept_rendition(get_rendition_or_not_found(author.avatar, AVATAR_SPEC))
    return {**author_fields(author), "portrait": portrait}


def author_fields(author):
    return {name: getattr(author, name) for name in AUTHOR_FIELDS}


def hero_to_store(article):
    picture, share = hero_pictures(article, article.hero_image_alt)
    if picture is None:
        return None
    preload = hero_preload(picture)
    return {
        "html": str(picture),
        "preload": asdict(preload) if preload else None,
        "share": kept_rendition(share),
    }


def shown_author(stored):
    """(the author as a model instance for the byline, links and JSON-LD, the author as the
    author box shows them), from the stored form without a query; (None, None) without one."""
    from .models import Author

    data = stored["author"]
    if data is None:
        return None, None
    author = Author(**{name: data[name] for name in AUTHOR_FIELDS})
    avatar = None
    if data["portrait"] is not None:
        avatar = KeptPortrait(data["avatar_id"], KeptRendition(**data["portrait"]))
    return author, ShownAuthor(data["name"], data["bio"], avatar)


def shown_hero(stored):
    """(the hero's <picture> HTML, its preload, the 1200×630 picture for link previews), from
    the stored form; (None, None, None) without an eyecatch."""
    data = stored["hero"]
    if data is None:
        return None, None, None
    preload = Preload(**data["preload"]) if data["preload"] else None
    share = ShareImage(data["share"]["url"], data["share"]["width"], data["share"]["height"])
    # Made by Wagtail's Picture from our renditions' addresses and the article's alt text,
    # escaped then; stored as it was rendered.
    return mark_safe(data["html"]), preload, share  # noqa: S308
