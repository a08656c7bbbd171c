"""A line chart of views per day, drawn as SVG on the server: no script in the admin, and the
same numbers are given as a table for screen readers."""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 30
BASELINE, RIGHT_EDGE = HEIGHT - BOTTOM, WIDTH - RIGHT
# Colours that stay apart for the common colour-vision deficiencies (Okabe-Ito).
COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9"]


@dataclass
class Line:
    label: str
    colour: str
    points: str  # "x,y x,y …" for <polyline points>
    values: list


def y_scale_top(series):
    """A round top for the y axis (1, 2, 5 × 10ⁿ) at or above the highest day."""
    highest = max((max(values) for values in series), default=0)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= highest:
                return max(step * factor, 1)
        step *= 10


def chart_lines(labelled_series):
    """[(label, [views per day])] -> the lines of the chart and the y axis top."""
    top = y_scale_top([values for _, values in labelled_series])
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    lines = []
    for index, (label, values) in enumerate(labelled_series):
        step = plot_width / max(len(values) - 1, 1)
        points = " ".join(
            f"{LEFT + day * step:.1f},{TOP + plot_height * (1 - views / top):.1f}"
            for day, views in enumerate(values)
        )
        lines.append(Line(label, COLOURS[index % len(COLOURS)], points, values))
    return lines, top
