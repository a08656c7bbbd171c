"""What readers write, made safe to show: no bidirectional control characters (a right-to-left
override makes `moc.elpmaxe` read as `example.com`: visual spoofing, issue #12), no NUL, and
names on one line."""

# Embeddings and overrides (U+202A-202E), isolates (U+2066-2069), the implicit marks
# (LRM, RLM, ALM). Japanese and English text never needs them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# NUL: never meant (a paste from a binary file or a probe); browsers show it as U+FFFD, and
# PostgreSQL text columns refuse it.
NUL = "\x00"
_REMOVE_HIDDEN = dict.fromkeys(map(ord, BIDI_CONTROLS + NUL))


def without_hidden_controls(text):
    """The text without bidi controls and NUL characters."""
    return text.translate(_REMOVE_HIDDEN)


def one_line(text):
    """Line breaks and runs of white space collapsed into single spaces."""
    return " ".join(text.split())


def clean_name(text):
    """A name as shown next to what its writer wrote: one line, no bidi controls or NUL."""
    return one_line(without_hidden_controls(text))
