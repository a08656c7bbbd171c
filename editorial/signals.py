"""Grant comment moderation to 編集者 whenever the comments app's permissions appear, and an
author profile to each new 著者.

A handler rather than a migration dependency: the comments app may be installed before or
after editorial's migration ran, and its permissions only exist after its own post_migrate.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.db.models.signals import m2m_changed, post_migrate
from django.dispatch import receiver

from . import people, roles

User = get_user_model()  # imported from ready(): the app registry is complete
OPTIONAL_APP_LABELS = {dotted.split(".", 1)[0] for dotted in roles.EDITOR_OPTIONAL_PERMISSIONS}


@receiver(post_migrate, dispatch_uid="editorial.grant_comment_moderation")
def grant_comment_moderation(sender, app_config=None, using="default", apps=None, **kwargs):
    if app_config is None or app_config.label not in OPTIONAL_APP_LABELS or apps is None:
        return
    # This handler is connected before django.contrib.auth's (editorial comes first in
    # INSTALLED_APPS), so the app's permissions may not exist yet: create them (idempotent).
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.using(using).filter(name=roles.EDITORS).first()
    if editors is None:
        return
    wanted = [d for d in roles.EDITOR_OPTIONAL_PERMISSIONS if d.startswith(app_config.label + ".")]
    editors.permissions.add(*roles.existing_permissions(apps, wanted))


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="editorial.author_profiles")
def give_new_authors_a_profile(sender, instance, action, reverse, pk_set, **kwargs):
    """Whoever joins 著者 (from the user's form or the group's side) gets an author profile."""
    if action != "post_add":
        return
    users = User.objects.filter(pk__in=pk_set) if reverse else [instance]
    for user in users:
        people.ensure_author_profile(user)
