from django.conf import settings
from django.utils import translation

QUERY_PARAMETER = "hl"


class LanguageFromQueryMiddleware:
    """`?hl=en` shows a page in that language without any cookie: the addresses that the
    hreflang alternates name, so that a crawler (which keeps no cookie) can see both. Placed
    after LocaleMiddleware; the page cache keys by the full path, so each has its own copy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        code = request.GET.get(QUERY_PARAMETER)
        if code in self.languages:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)
