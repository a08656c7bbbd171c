from django.core.management.base import BaseCommand

from articles import stale
from caching import scopes


class Command(BaseCommand):
    help = (
        "Serve no page cached before now, from the page cache or the reverse proxy, and work "
        "out again the image addresses articles store: after a database restore, a release "
        "or a media switch (docs/deployment.md)."
    )

    def handle(self, *args, **options):
        stale.drop_stored_media_addresses()  # a media switch changes their addresses
        scopes.invalidate_everything("invalidate_caches")
        self.stdout.write("Every cached page is cold; the reverse proxy was purged.")
