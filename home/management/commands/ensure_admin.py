import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = "Make sure a development admin account exists and print how to log in."

    def handle(self, *args, **options):
        password_file = Path(settings.BASE_DIR) / "var" / "admin-password.txt"
        User = get_user_model()
        if not User.objects.filter(username=USERNAME).exists():
            if User.objects.filter(is_superuser=True).exists():
                self.stdout.write("An administrator account already exists; log in with it.")
                return
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(USERNAME, "admin@localhost", password)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
        password = (
            password_file.read_text(encoding="utf-8").strip()
            if password_file.exists()
            else "(changed since it was created)"
        )
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(
            self.style.SUCCESS(
                f"\n  管理画面 / Admin:  {base_url}/admin/\n  ユーザー名 / Username: {USERNAME}\n"
                f"  初期パスワード / Initial password: {password}\n"
            )
        )
