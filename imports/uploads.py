"""Where the file behind a WordPress media address is in the local uploads folder.

WordPress shows one upload under many addresses: the old domain's /wp-content/uploads/, a
multisite's /wp-content/uploads/sites/3/, files.wordpress.com or a CDN (often without the
uploads part), with query strings (?w=640, ?resize=…), and under the names of the copies it
makes: resized (photo-300x200.jpg), scaled down when big (photo-scaled.jpg), turned upright
(photo-rotated.jpg) or edited in the media library (photo-e1565432123.jpg). The copy is
matched back to its original by year/month/file name, whatever the host.
"""

import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

UPLOADS_MARKER = "/wp-content/uploads/"
SIZE = re.compile(r"-\d+x\d+$")
# A copy's suffix → whether the original is preferred to it. A scaled or rotated copy only
# holds fewer pixels (Wagtail turns the original upright from its EXIF itself); an edit (crop,
# flip) is what the author chose to show, so the edited file comes first.
COPY_SUFFIXES = [
    (re.compile(r"-scaled$"), True),
    (re.compile(r"-rotated$"), True),
    (re.compile(r"-e\d{10,13}$"), False),
]
YEAR = re.compile(r"^(?:19|20)\d\d$")
MONTH = re.compile(r"^(?:0[1-9]|1[0-2])$")


def _copy_stems(stem):
    """(the stems an original may have, best first; the stem with every suffix removed)."""
    stems = [stem]
    while True:
        found = next(((p, first) for p, first in COPY_SUFFIXES if p.search(stem)), None)
        if found is None:
            return stems, stem
        pattern, original_first = found
        stem = pattern.sub("", stem)
        stems = [stem, *stems] if original_first else [*stems, stem]


def candidate_names(name):
    """File names the original of `name` may have, best first; `name` itself last."""
    path = PurePosixPath(name)
    stems, _base = _copy_stems(SIZE.sub("", path.stem))
    return list(dict.fromkeys([f"{stem}{path.suffix}" for stem in stems if stem] + [name]))


def base_name(name):
    """The name of the upload all copies are made from: every copy suffix removed."""
    path = PurePosixPath(name)
    _stems, base = _copy_stems(SIZE.sub("", path.stem))
    return f"{base or path.stem}{path.suffix}"


def address_parts(url):
    """(folders, file name) of a media address: the folders below wp-content/uploads/ when the
    address has them, else the year/month folders before the name, else none."""
    try:
        path = unquote(urlsplit(url.strip()).path)
    except ValueError:
        return [], ""
    if UPLOADS_MARKER in path:
        path = path.split(UPLOADS_MARKER, 1)[1]
        folders, _sep, name = path.rpartition("/")
        return [folder for folder in folders.split("/") if folder], name
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return [], ""
    name, folders = segments[-1], segments[:-1]
    if len(folders) >= 2 and YEAR.match(folders[-2]) and MONTH.match(folders[-1]):
        return folders[-2:], name
    return [], name


def media_key(url):
    """The same key for every address of one upload: "2019/05/photo.jpg" for
    …/2019/05/photo-scaled-300x200.jpg?w=640 on any host (lower case)."""
    folders, name = address_parts(url)
    if not name:
        return ""
    year_month = folders[-2:] if len(folders) >= 2 and YEAR.match(folders[-2]) else []
    return "/".join([*year_month, base_name(name)]).lower()


def expected_path(url):
    """Where the original should be in the uploads folder, for the report."""
    folders, name = address_parts(url)
    return "/".join([*folders, candidate_names(name)[0]]) if name else url


class UploadsFolder:
    """A copy of wp-content/uploads on this machine. Files are looked up by their folder first,
    then by name alone, when exactly one file in the whole folder has that name (uploads not
    organised by month, or copied into another layout)."""

    def __init__(self, root):
        self.root = Path(root).resolve()
        self._by_name = None

    def find(self, urls):
        """The existing files for these addresses (of one upload), best first."""
        found = []
        for url in urls:
            folders, name = address_parts(url)
            if not name:
                continue
            for candidate in candidate_names(name):
                found += self._in_folder(folders, candidate) or self._by_unique_name(candidate)
        return list(dict.fromkeys(found))

    def _in_folder(self, folders, name):
        if any(part in {"", ".", ".."} for part in [*folders, name]):
            return []
        try:  # a name with a NUL byte or too long for the file system is simply not there
            path = self.root.joinpath(*folders, name).resolve()
            return [path] if path.is_relative_to(self.root) and path.is_file() else []
        except (OSError, ValueError):
            return []

    def _by_unique_name(self, name):
        if self._by_name is None:
            self._by_name = {}
            for folder, _dirs, files in os.walk(self.root):
                for file in files:
                    self._by_name.setdefault(file, []).append(Path(folder) / file)
        paths = self._by_name.get(name, [])
        if len(paths) != 1 or not paths[0].resolve().is_relative_to(self.root):
            return []
        return [paths[0].resolve()]
