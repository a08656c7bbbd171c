"""The project's uses of private (underscored) parts of Wagtail, Django, treebeard, xtd and
modelsearch: exactly those docs/architecture.md lists, each still there in the installed
versions (an upgrade that renames one fails here, by name, not somewhere in a search)."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIPPED_FOLDERS = {".venv", "node_modules", "tests", ".git", "var", "test-artifacts"}
# An attribute access `x._name`, our own `self._…`/`cls._…` and Django's documented _meta aside.
PRIVATE_USE = re.compile(r"(?<!\bself)(?<!\bcls)\.(_[a-z]\w*)")
DOCUMENTED = set()  # none today: docs/architecture.md says so


def project_files():
    for path in ROOT.rglob("*.py"):
        if not SKIPPED_FOLDERS & set(path.relative_to(ROOT).parts):
            yield path


def test_the_private_apis_in_use_are_exactly_the_documented_ones():
    found = set()
    for path in project_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("#", 1)[0]
            found |= {
                (str(path.relative_to(ROOT)), name)
                for name in PRIVATE_USE.findall(code)
                if name != "_meta"
            }
    assert found == DOCUMENTED
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for path, name in DOCUMENTED:
        assert path in architecture and name in architecture
    if not DOCUMENTED:
        assert "In use: none." in architecture

