"""Django's user, naming people 姓 名.

Wagtail names people through `get_full_name()` in its history, reports, workflow screens and
emails, locked-by and "also editing" notices and its editor comments, with no setting or hook
for it; Django's own puts the given name first. This model changes only that, and keeps
django.contrib.auth's tables (auth_user and its two link tables), so databases made before it
keep their rows (users/adoption.py records it as already migrated there).
"""

from django.contrib.auth.models import AbstractUser

from .names import family_first


class User(AbstractUser):
    class Meta(AbstractUser.Meta):
        db_table = "auth_user"  # the many-to-many tables follow: auth_user_groups, ...

    def get_full_name(self):
        return family_first(self.last_name, self.first_name)

    def get_short_name(self):
        """The family name, as 「山田さん」 is said; the given name when there is no other."""
        return self.last_name.strip() or self.first_name.strip()
