from django.core.management.base import BaseCommand

from caching import scopes


class Command(BaseCommand):
    help = (
        "Serve no page cached before now, from the page cache or the reverse proxy: after a "
        "database restore, a release or a media switch (docs/deployment.md)."
    )

    def handle(self, *args, **options):
        scopes.invalidate_everything("invalidate_caches")
        self.stdout.write("Every cached page is cold; the reverse proxy was purged.")
