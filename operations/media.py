"""Copying the files under MEDIA_ROOT (originals, renditions, documents, share images) to the
storage the settings name now, S3-compatible storage for several hosts. Names are kept, so the
database rows (images, renditions, documents) point at the copies with no change."""

import os
from pathlib import Path

from django.core.files import File


def files_under(root):
    """Storage names (forward slashes) of every file below root, in a stable order."""
    root = Path(root)
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            yield (Path(folder) / name).relative_to(root).as_posix()


def already_there(storage, name, size):
    return storage.exists(name) and storage.size(name) == size


def copy_file(source_root, storage, name):
    """True if copied, False if the same-sized file was there already."""
    path = Path(source_root) / name
    if already_there(storage, name, path.stat().st_size):
        return False
    if storage.exists(name):  # a copy cut short: replaced, never saved under another name
        storage.delete(name)
    with path.open("rb") as handle:
        saved = storage.save(name, File(handle, name=name))
    if saved != name:
        raise OSError(f"{name} was stored as {saved}")
    return True
