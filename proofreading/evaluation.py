"""Precision and recall of the rules on texts with seeded mistakes (bench/proofreading.py
prints them; tests/test_proofreading.py holds them at 0.9 or more).

Each NAME.md has a NAME.expected listing its seeded mistakes, one `LINE RULE` a line. A
finding is right when its line and rule match an expected mistake (each matched once)."""

from collections import Counter
from dataclasses import dataclass

from .checker import proofread


@dataclass
class Score:
    found: int = 0
    seeded: int = 0
    right: int = 0

    @property
    def precision(self):
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self):
        return self.right / self.seeded if self.seeded else 1.0


def seeded_mistakes(path):
    lines = path.with_suffix(".expected").read_text(encoding="utf-8").split("\n")
    return Counter(tuple(line.split()) for line in lines if line.strip())


def score_file(path):
    expected = seeded_mistakes(path)
    found = Counter((str(f.line), f.rule) for f in proofread(path.read_text(encoding="utf-8")))
    return Score(sum(found.values()), sum(expected.values()), sum((found & expected).values()))


def score(folder):
    """{file name: Score} for every text in `folder`, and the total under None."""
    scores = {path.name: score_file(path) for path in sorted(folder.glob("*.md"))}
    total = Score()
    for one in scores.values():
        total.found += one.found
        total.seeded += one.seeded
        total.right += one.right
    return {**scores, None: total}
