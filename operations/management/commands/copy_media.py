from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from operations.media import copy_file, files_under


class Command(BaseCommand):
    help = (
        "Copy every file under MEDIA_ROOT (or --source) to the media storage of the settings "
        "(S3-compatible when AWS_STORAGE_BUCKET_NAME is set), keeping the names. Files already "
        "there with the same size are skipped, so it can be run again after an interruption."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=None, help="default: MEDIA_ROOT")

    def handle(self, *args, source=None, **options):
        source = source or Path(settings.MEDIA_ROOT)
        if not source.is_dir():
            raise CommandError(f"{source} is not a folder")
        copied = skipped = 0
        for name in files_under(source):
            if copy_file(source, default_storage, name):
                copied += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"copied {name}")
            else:
                skipped += 1
        self.stdout.write(f"{copied} files copied, {skipped} already there.")
