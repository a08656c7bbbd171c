from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import ArticlePage
from search.fields import plain_texts
from search.models import Term
from search.vocabulary import record_words


class Command(BaseCommand):
    help = (
        "Rebuild the search vocabulary (the words behind 「もしかして」 and the highlighting of "
        "other spellings) from the live articles. Saving an article keeps it up to date; run "
        "this after `update_index`, a restore, or to drop the words of deleted articles."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            Term.objects.all().delete()
            for article in ArticlePage.objects.live().iterator(chunk_size=200):
                record_words(plain_texts(article))
        self.stdout.write(f"{Term.objects.count()} words in the search vocabulary.")
