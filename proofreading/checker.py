"""proofread(text): every finding of every rule, in reading order, with line and column."""

from dataclasses import dataclass

from .rules import RULES, Document
from .text import position


@dataclass(frozen=True)
class Located:
    line: int
    column: int
    rule: str
    message: str

    def __str__(self):
        return f"{self.line}:{self.column} {self.rule} {self.message}"


def proofread(text):
    document = Document(text)
    findings = sorted(
        {finding for rule in RULES for finding in rule(document)},
        key=lambda finding: (finding.offset, finding.rule),
    )
    return [Located(*position(text, f.offset), f.rule, f.message) for f in findings]
