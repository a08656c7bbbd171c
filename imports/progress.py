"""A one-line progress bar for long imports, drawn on stderr (so stdout keeps the report).

Drawn only on a terminal unless forced: in a log file, carriage returns are noise.
"""

BAR_WIDTH = 30
LABEL_WIDTH = 30


class ProgressBar:
    def __init__(self, write, total, enabled):
        self.write = write  # a callable taking the text to write, without a newline
        self.total = total
        self.done = 0
        self.enabled = enabled and total > 0

    def step(self, label=""):
        self.done += 1
        if not self.enabled:
            return
        filled = BAR_WIDTH * self.done // self.total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        label = label[:LABEL_WIDTH].ljust(LABEL_WIDTH)
        self.write(f"\r[{bar}] {self.done}/{self.total} {label}")

    def finish(self):
        if self.enabled and self.done:
            self.write("\n")
