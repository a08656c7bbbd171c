"""A minimal reader for gettext .po files.

Enough to list the messages of Wagtail's catalogues (for the coverage report and its test)
without adding polib as a dependency: entries, contexts, plurals and the fuzzy flag.
"""

import ast
from dataclasses import dataclass, field


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: list = field(default_factory=list)  # one item, or one per plural form
    flags: set = field(default_factory=set)
    obsolete: bool = False

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr) and "fuzzy" not in self.flags

    @property
    def key(self):
        """The key Python's gettext uses for this message in a compiled catalogue."""
        msgid = self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"
        return (msgid, 0) if self.msgid_plural else msgid


def _unquote(text):
    # A PO string is a C string literal; Python's literal syntax is close enough for the
    # escapes gettext writes (\n, \t, \", \\).
    return ast.literal_eval(text)


def parse(path):
    """Return the entries of a .po file (the header, msgid "", excluded)."""
    entries, entry, target = [], Entry(), None

    def flush():
        nonlocal entry
        if entry.msgid and not entry.obsolete:
            entries.append(entry)
        entry = Entry()

    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#~"):
                entry.obsolete = True
                continue
            if line.startswith("#,"):
                if entry.msgid or entry.msgstr:
                    flush()
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
                continue
            if line.startswith("#"):
                if entry.msgstr:
                    flush()
                continue
            keyword, _, rest = line.partition(" ")
            if line.startswith('"'):
                value = _unquote(line)
                if target == "msgstr":
                    entry.msgstr[-1] += value
                else:
                    setattr(entry, target, getattr(entry, target) + value)
                continue
            if keyword in ("msgctxt", "msgid") and entry.msgstr:
                flush()
            if keyword.startswith("msgstr"):
                entry.msgstr.append(_unquote(rest))
                target = "msgstr"
            else:
                setattr(entry, keyword, _unquote(rest))
                target = keyword
    flush()
    return entries
