"""The two editorial roles and what each may do.

Used by the data migration (with historical models) and by the post_migrate handler, so every
function takes an `apps` registry instead of importing models.

著者 (authors) write articles and upload images but cannot publish: Wagtail then offers them
「レビューに提出」 instead of 「公開」. 編集者 (editors) publish, schedule, unpublish, manage the
author profiles and moderate reader comments.
"""

AUTHORS = "著者"
EDITORS = "編集者"

WORKFLOW_NAME = "編集者レビュー"
TASK_NAME = "編集者の承認"

# Page permissions, granted on the home page (so they cover every article below it).
PAGE_PERMISSIONS = {
    AUTHORS: ["add", "change"],
    EDITORS: ["add", "change", "publish", "lock", "unlock"],
}

# Image and document permissions, granted on the root collection (so on every collection).
COLLECTION_PERMISSIONS = {
    AUTHORS: [
        ("wagtailimages", "image", ["add", "choose"]),
        ("wagtaildocs", "document", ["add", "choose"]),
    ],
    EDITORS: [
        ("wagtailimages", "image", ["add", "change", "delete", "choose"]),
        ("wagtaildocs", "document", ["add", "change", "delete", "choose"]),
    ],
}

# Model permissions ("app_label.codename"). All of them must exist once migrations have run.
MODEL_PERMISSIONS = {
    AUTHORS: ["wagtailadmin.access_admin", "articles.view_author"],
    EDITORS: [
        "wagtailadmin.access_admin",
        "articles.add_author",
        "articles.change_author",
        "articles.delete_author",
        "articles.view_author",
    ],
}

# Comment moderation: granted by the post_migrate handler to whichever of these exist, so it
# works whether the comments app is installed before or after this app's migration ran.
EDITOR_OPTIONAL_PERMISSIONS = [
    # comments/ (the project's moderation screens, on a proxy of xtd's comment model)
    "comments.view_blogcomment",
    "comments.change_blogcomment",
    "comments.delete_blogcomment",
    # django-comments-xtd / django-contrib-comments themselves
    "django_comments_xtd.view_xtdcomment",
    "django_comments_xtd.change_xtdcomment",
    "django_comments_xtd.delete_xtdcomment",
    "django_comments.can_moderate",
    "django_comments.view_comment",
    "django_comments.change_comment",
    "django_comments.delete_comment",
]

# Wagtail's own sample groups and workflow (English names, created by its first migrations).
# A new site has no use for them beside the two roles above; they are removed only while
# nobody uses them.
WAGTAIL_SAMPLE_GROUPS = ["Moderators", "Editors"]
WAGTAIL_SAMPLE_WORKFLOW = "Moderators approval"


def permission(apps, app_label, model, codename):
    """The Permission row, created when the migration that declares it has not made it yet.

    Django creates model permissions in post_migrate, after every migration of a fresh
    database has run, so a data migration has to create the rows it needs (as Wagtail's own
    migrations do); post_migrate then finds them and adds nothing.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found = Permission.objects.filter(content_type=content_type, codename=codename).first()
    if found:
        return found
    action, _, _ = codename.partition("_")
    try:
        verbose_name = apps.get_model(app_label, model)._meta.verbose_name_raw
    except LookupError:
        verbose_name = model
    return Permission.objects.create(
        content_type=content_type, codename=codename, name=f"Can {action} {verbose_name}"
    )


def existing_permissions(apps, dotted_names):
    """The Permission rows among "app_label.codename" names that exist (no creation)."""
    Permission = apps.get_model("auth", "Permission")
    found = []
    for dotted in dotted_names:
        app_label, codename = dotted.split(".", 1)
        found += list(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def model_of(apps, dotted):
    """("articles", "author") for "articles.view_author"."""
    app_label, codename = dotted.split(".", 1)
    if app_label == "wagtailadmin":
        return app_label, "admin", codename
    return app_label, codename.split("_", 1)[1], codename
