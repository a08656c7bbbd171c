"""Old WordPress archive and attachment addresses → this site, as Redirects (redirects.py):

- date archives: /YYYY/MM/DD/ and /YYYY/MM/ → that month's archive of the article list, /YYYY/
  → the article list (it has no year archive), for the dates that have published posts;
- author archives: /author/<login>/ (and WordPress's nicename of it) → the author's articles;
- attachment pages: /?attachment_id=N, the attachment's permalink and /<post>/<attachment>/ →
  the post it was uploaded to when that post is here and public, else the image file itself.
"""

import datetime
from collections import defaultdict

from django.utils.text import slugify

from wagtail.contrib.redirects.models import Redirect

from .redirects import old_paths, sync_redirects


def _sync_grouped(targets, site, report):
    """{address here: [old paths]} → one sync per address."""
    for link, paths in targets.items():
        paths = dict.fromkeys(Redirect.normalise_path(path) for path in paths)
        sync_redirects(None, list(paths), site, report, link=link)


def published_posts(items, imported_pages):
    """The posts public on WordPress and published here (`imported_pages`: {WordPress id:
    page}): an archive only they made would be empty here."""
    return [
        item
        for item in items
        if item.post_type == "post"
        and item.status == "publish"
        and getattr(imported_pages.get(item.id), "live", False)
    ]


def date_archive_redirects(posts, index, site, report):
    """`posts`: published_posts()."""
    targets = defaultdict(list)
    for item in posts:
        year, month, day = (item.local_date.split("-") + ["", "", ""])[:3]
        if not (year.isdigit() and month.isdigit() and day.isdigit() and 1 <= int(month) <= 12):
            continue
        month_here = index.month_url(datetime.datetime(int(year), int(month), 1))
        targets[month_here] += [f"/{year}/{month}/{day}", f"/{year}/{month}"]
        targets[index.url].append(f"/{year}")
    _sync_grouped(targets, site, report)


def author_redirects(posts, authors, index, site, report):
    """`posts`: published_posts(); `authors`: {WordPress login: Author}. WordPress's archive
    uses the login's nicename (lower case, dots and spaces as hyphens); an export has the
    login only, so both."""
    targets = defaultdict(list)
    for login in {item.creator for item in posts}:
        author = authors.get(login)
        if author is None:
            continue
        nicename = slugify(login.replace(".", "-"), allow_unicode=True)
        targets[index.author_url(author)] += [f"/author/{login}", f"/author/{nicename}"]
    _sync_grouped(targets, site, report)


def attachment_paths(attachment, parent, base_url):
    """Every address the attachment's page had: its permalink, ?attachment_id=, and its slug
    under each address of the post it belongs to."""
    paths = [attachment.link, f"/?attachment_id={attachment.id}"]
    if parent is not None and attachment.slug:
        paths += [
            f"{path.rstrip('/')}/{attachment.slug}"
            for path in old_paths(parent, base_url)
            if "?" not in path
        ]
    return list(dict.fromkeys(Redirect.normalise_path(path) for path in paths if path))


def attachment_redirects(export, imported_pages, images, site, report):
    """`imported_pages`: {WordPress id: page} of this import; `images`: the ImageImporter
    (an unattached image is imported for its redirect when the uploads folder has it)."""
    items = {item.id: item for item in export.items}
    images.post = None  # a missing file is not needed by any post
    for attachment in export.attachments.values():
        parent = items.get(attachment.parent)
        paths = attachment_paths(attachment, parent, export.base_url)
        if parent is not None:
            page = imported_pages.get(parent.id)
            if parent.status == "publish" and page is not None and page.live:
                sync_redirects(page, paths, site, report)
        elif images.uploads is not None and attachment.is_image:
            image = images.attachment_image(attachment.id)
            if image is not None:
                sync_redirects(None, paths, site, report, link=image.file.url)
