"""The share image (1200×630 PNG) for a page without a picture: its title set large in
Noto Sans CJK JP Bold, the site name below. The font comes from the pinned PyPI package
noto-cjk-sans-jp-bold (SIL Open Font License 1.1), so nothing is needed from the system."""

import io
from functools import cache
from importlib.resources import files

from PIL import Image, ImageDraw, ImageFont

from .typeset import break_lines

SIZE = (1200, 630)
MARGIN = 90
BACKGROUND = "#f6f3ee"
INK = "#1f1d1a"
ACCENT = "#8a3b12"
# Title sizes tried in turn until the title fits in the space above the site name.
TITLE_SIZES = (72, 64, 56, 48)
LINE_HEIGHT = 1.45
SITE_NAME_SIZE = 34
FOOTER_TOP = SIZE[1] - MARGIN - SITE_NAME_SIZE
TITLE_TOP, TITLE_BOTTOM = 70, FOOTER_TOP - 40
# Part of the cache key: change it when the layout changes, and every image is made anew.
LAYOUT_VERSION = "1"
PALETTE_COLOURS = 32


def font_path():
    return str(files("noto_cjk_sans_jp_bold") / "NotoSansCJKjp-Bold.otf")


@cache
def font(size):
    return ImageFont.truetype(font_path(), size)


def line_step(title_font):
    return round(title_font.size * LINE_HEIGHT)


def fit_title(title, width):
    """(font, lines) with the largest size at which the whole title fits; at the smallest
    size, the lines that do not fit are dropped and the last one shown ends with '…'."""
    for size in TITLE_SIZES:
        title_font = font(size)
        room = (TITLE_BOTTOM - TITLE_TOP) // line_step(title_font)
        lines = break_lines(title, width, title_font.getlength)
        if len(lines) <= room:
            return title_font, lines
    last = lines[room - 1]
    while last and title_font.getlength(last + "…") > width:
        last = last[:-1]
    return title_font, lines[: room - 1] + [last + "…"]


def share_image_png(title, site_name):
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 16), fill=ACCENT)
    title_font, lines = fit_title(title, SIZE[0] - 2 * MARGIN)
    step = line_step(title_font)
    # Centred in the title area; Pillow draws text from the top of its ascent.
    top = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - step * len(lines)) // 2
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * step), line, font=title_font, fill=INK)
    rule = FOOTER_TOP - 24
    draw.line((MARGIN, rule, SIZE[0] - MARGIN, rule), fill=ACCENT, width=3)
    draw.text((MARGIN, FOOTER_TOP), site_name, font=font(SITE_NAME_SIZE), fill=INK)
    output = io.BytesIO()
    # Four colours and their anti-aliased blends: a 32-colour palette looks the same, makes a
    # third of the bytes and encodes three times faster than RGB (bench/share_images.py).
    image.quantize(colors=PALETTE_COLOURS).save(output, "PNG")
    return output.getvalue()
