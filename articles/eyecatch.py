"""An article's picture wherever it is listed (cards, related articles, search results, feeds
and JSON-LD): its eyecatch (アイキャッチ画像) when it has one, else the share image generated
from its title (sharing.images), so that no card is left without a picture.

Renditions are read through Wagtail's rendition cache (the default cache): a warm listing
costs no query for its pictures, however many cards it shows.
"""

from dataclasses import dataclass, replace

from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_rendition_or_not_found, get_renditions_or_not_found
from wagtail.models import Site

from home import site_address
from sharing.images import ShareImage, share_image_for, stored_png_length

# AVIF first, WebP, then JPEG for the rest; two widths (a phone's card at 2×, a desktop
# card at 1×/2×). 16:9, like the share image, so every card has the same shape.
CARD_SPEC = "format-{avif,webp,jpeg} fill-{320x180,640x360}"
# How wide a card's picture is shown (site.css: .card grid): a third of a phone's width,
# 13rem beside the text from 48rem up.
CARD_WIDTHS = "(min-width: 48rem) 13rem, 34vw"
# The hero at the top of an article, and the picture shared on social networks.
HERO_SPEC = "format-{avif,webp,jpeg} width-{720,1440}"
HERO_WIDTHS = "(min-width: 40rem) 36rem, 100vw"
SHARE_SPEC = "fill-1200x630"
# The author's portrait in the box under an article (articles/includes/author_box.html).
AVATAR_SPEC = "fill-160x160"


def renditions_of(*specs):
    """Prefetch query for the renditions of these filter specs ("format-{avif,webp} ..."
    expanded) of an image."""
    rendition_model = get_image_model().get_rendition_model()
    expanded = [name for spec in specs for name in Filter.expand_spec(spec)]
    return rendition_model.objects.filter(filter_spec__in=expanded)


def card_picture(article, attrs):
    """The eyecatch as a <picture> (AVIF, WebP, JPEG; two widths) with these <img>
    attributes, or None. Its width and height are the rendition's, so nothing moves."""
    if not article.hero_image:
        return None
    renditions = get_renditions_or_not_found(article.hero_image, Filter.expand_spec(CARD_SPEC))
    return Picture(renditions, {"alt": "", "decoding": "async", "sizes": CARD_WIDTHS, **attrs})


def hero_pictures(article, alt):
    """(the article's eyecatch as a <picture> for the top of the page, its 1200×630 rendition
    for link previews), read in one query; (None, None) without an eyecatch. The hero is the
    page's largest paint: fetched at once, with priority."""
    if not article.hero_image:
        return None, None
    specs = Filter.expand_spec(HERO_SPEC)
    renditions = get_renditions_or_not_found(article.hero_image, [SHARE_SPEC, *specs])
    share = renditions.pop(SHARE_SPEC)
    attrs = {"alt": alt, "class": "article__hero", "sizes": HERO_WIDTHS, "fetchpriority": "high"}
    return Picture(renditions, attrs), share


@dataclass(frozen=True)
class Preload:
    srcset: str
    sizes: str
    type: str


def hero_preload(hero):
    """What <link rel="preload" as="image"> in the head needs to fetch the hero (`hero`: the
    <picture> of hero_pictures) before the body is parsed: the srcset of the format the
    browser takes first (AVIF). A browser that cannot show that type skips the preload, so
    nothing is fetched twice. None for a picture of a single format (nothing to choose)."""
    first = next((f for f in Picture.source_format_order if f.name in hero.formats), None)
    if first is None:
        return None
    return Preload(Picture.get_width_srcset(hero.formats[first.name]), HERO_WIDTHS, first.mime_type)


def generated_image(article, request):
    """The share image drawn from the article's title (url, width, height): the fallback
    picture of an article without an eyecatch."""
    site = Site.find_for_request(request) if request is not None else None
    site_name = site.site_name if site else ""
    return share_image_for(article, site_name)


def share_picture(article, request, rendition=None):
    """The picture that stands for the article in link previews, JSON-LD and feeds, with an
    absolute URL: its eyecatch at 1200×630 (`rendition`, when the caller has it already), else
    its generated share image; None for a new article's first preview."""
    if rendition is None and article.hero_image_id:
        rendition = get_rendition_or_not_found(article.hero_image, SHARE_SPEC)
    if rendition is not None:
        picture = ShareImage(rendition.url, rendition.width, rendition.height)
    else:
        picture = generated_image(article, request)
    if picture is None:
        return None
    return replace(picture, url=site_address.absolute_url(picture.url, request))


def share_picture_length(article, site_name, rendition=None):
    """The size in bytes of the file share_picture() names (drawing the generated image if it
    was never asked for), or None when the eyecatch's file cannot be read. `rendition`: the
    eyecatch at 1200×630, when the caller has it already."""
    if not article.hero_image:
        return stored_png_length(article.pk, article.title, site_name)
    rendition = rendition or get_rendition_or_not_found(article.hero_image, SHARE_SPEC)
    try:
        return rendition.file.size
    except (OSError, ValueError):  # the original is gone: Wagtail's "not found" rendition
        return None
