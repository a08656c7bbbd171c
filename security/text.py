"""What readers write, made safe to show: no bidirectional control characters (a right-to-left
override makes `moc.elpmaxe` read as `example.com`: visual spoofing, issue #12), and names on
one line."""

# Embeddings and overrides (U+202A-202E), isolates (U+2066-2069), the implicit marks
# (LRM, RLM, ALM). Japanese and English text never needs them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_REMOVE_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))


def without_bidi_controls(text):
    return text.translate(_REMOVE_BIDI)


def one_line(text):
    """Line breaks and runs of white space collapsed into single spaces."""
    return " ".join(text.split())


def clean_name(text):
    """A name as shown next to what its writer wrote: one line, no bidi controls."""
    return one_line(without_bidi_controls(text))
