"""The messages of a gettext .po file, read with polib (for the translation coverage report
and the catalogue tests)."""

from dataclasses import dataclass

import polib


@dataclass
class Entry:
    msgid: str
    msgid_plural: str
    msgctxt: str | None
    msgstr: list  # one item, or one per plural form
    fuzzy: bool

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr) and not self.fuzzy

    @property
    def key(self):
        """The key Python's gettext uses for this message in a compiled catalogue."""
        msgid = self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"
        return (msgid, 0) if self.msgid_plural else msgid


def parse(path):
    """Return the entries of a .po file (the header and obsolete entries excluded)."""
    entries = []
    for item in polib.pofile(str(path), encoding="utf-8"):
        if item.obsolete or not item.msgid:
            continue
        if item.msgid_plural:
            msgstr = [item.msgstr_plural[index] for index in sorted(item.msgstr_plural)]
        else:
            msgstr = [item.msgstr]
        entries.append(
            Entry(item.msgid, item.msgid_plural, item.msgctxt, msgstr, item.fuzzy)
        )
    return entries
