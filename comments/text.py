"""Reader text made inert: escaped, web addresses turned into nofollow links, line breaks kept.

Django's urlize only finds addresses between spaces, and Japanese has none around them
(「詳しくはhttps://example.com/を参照」), so addresses are found here with a pattern that
stops at Japanese punctuation and full-width characters instead. The same pattern counts the
links for moderation, so what is counted is what would be linked.
"""

import re
from html import escape

from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from security.text import without_hidden_controls

# Printable ASCII except quotes, angle brackets and back-tick: full-width text ends an address.
URL_PATTERN = re.compile(r"""(?:https?://|www\.)[!#-&(-;=?-\[\]_a-z~]+""", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,:;!?'"
LINK_REL = "nofollow ugc noopener"
SHOWN_URL_LENGTH = 60


def count_links(text):
    return len(URL_PATTERN.findall(text or ""))


def _split_url(candidate):
    """Drop punctuation that ends the sentence rather than the address; keep balanced ')'."""
    url = candidate
    while url:
        if url[-1] in TRAILING_PUNCTUATION or url[-1] == ")" and url.count(")") > url.count("("):
            url = url[:-1]
        else:
            break
    return url, candidate[len(url) :]


def render_comment(text):
    """Return the comment as safe HTML: every piece of reader text goes through escape() (the
    standard library's, which Django's wraps: this runs for every comment on every view) or
    format_html(); the only markup added is <a>, <p> and <br>. Bidi controls are dropped
    (security/text.py), also from comments saved before the form removed them."""
    text = without_hidden_controls(text)
    pieces = []
    position = 0
    for match in URL_PATTERN.finditer(text):
        url, rest = _split_url(match.group(0))
        pieces.append(escape(text[position : match.start()]))
        href = url if url.lower().startswith("http") else f"https://{url}"
        shown = Truncator(url).chars(SHOWN_URL_LENGTH)
        pieces.append(format_html('<a href="{}" rel="{}">{}</a>', href, LINK_REL, shown))
        pieces.append(escape(rest))
        position = match.end()
    pieces.append(escape(text[position:]))
    # Every piece above is escaped or built by format_html, so the joined string is safe;
    # linebreaks() only adds <p>/<br> (autoescape=False: the text is already escaped).
    return mark_safe(linebreaks("".join(pieces), autoescape=False))  # noqa: S308
