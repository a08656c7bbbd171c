"""The editor's proofreading request: the body's text in, the findings out (JSON)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .checker import proofread

MAX_CHARACTERS = 200_000  # far beyond a long article; keeps one request from hogging a worker
EXCERPT_CHARACTERS = 20


def excerpt(lines, finding):
    line = lines[finding.line - 1] if finding.line <= len(lines) else ""
    start = finding.column - 1
    return line[start : start + EXCERPT_CHARACTERS].strip()


@require_POST
def check(request):
    text = request.POST.get("text", "")
    if len(text) > MAX_CHARACTERS:
        message = _("The text is too long to proofread (over %(limit)d characters).")
        return JsonResponse({"error": message % {"limit": MAX_CHARACTERS}}, status=413)
    lines = text.splitlines()
    findings = [
        {"rule": f.rule, "message": f.message, "excerpt": excerpt(lines, f)}
        for f in proofread(text)
    ]
    return JsonResponse({"findings": findings})
