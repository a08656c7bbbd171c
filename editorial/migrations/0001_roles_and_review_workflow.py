"""The groups 著者 and 編集者 with their permissions, and the review workflow 「編集者レビュー」
(one GroupApprovalTask for 編集者) attached to the home page, so every article goes through it.

Idempotent: running it on a database that already has any of these changes nothing there.
"""

from django.db import migrations

from editorial import roles


def home_page(apps):
    HomePage = apps.get_model("home", "HomePage")
    Page = apps.get_model("wagtailcore", "Page")
    home = HomePage.objects.order_by("path").first()
    if home is not None:
        return Page.objects.get(pk=home.pk)
    # No home page (a database set up by hand): fall back to the tree's root.
    return Page.objects.filter(depth=1).first()


def remove_unused_wagtail_samples(apps):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Group.objects.filter(name__in=roles.WAGTAIL_SAMPLE_GROUPS, user__isnull=True).delete()
    for workflow in Workflow.objects.filter(name=roles.WAGTAIL_SAMPLE_WORKFLOW):
        if not workflow.workflow_states.exists():
            task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
            workflow.delete()
            Task.objects.filter(pk__in=task_ids, task_states__isnull=True).delete()


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    page = home_page(apps)
    root_collection = Collection.objects.filter(depth=1).first()
    groups = {}
    for name in (roles.AUTHORS, roles.EDITORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for dotted in roles.MODEL_PERMISSIONS[name]:
            group.permissions.add(roles.permission(apps, *roles.model_of(apps, dotted)))
        if page is not None:
            for kind in roles.PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=page,
                    permission=roles.permission(apps, "wagtailcore", "page", f"{kind}_page"),
                )
        if root_collection is not None:
            for app_label, model, kinds in roles.COLLECTION_PERMISSIONS[name]:
                for kind in kinds:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=roles.permission(apps, app_label, model, f"{kind}_{model}"),
                    )
    remove_unused_wagtail_samples(apps)
    if page is not None:
        create_workflow(apps, groups[roles.EDITORS], page)


def create_workflow(apps, editors, page):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow, created = Workflow.objects.get_or_create(
        name=roles.WORKFLOW_NAME, defaults={"active": True}
    )
    if created:
        # content_type must name the specific class, or Task.specific cannot find it.
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=roles.TASK_NAME, content_type=content_type, active=True
        )
        task.groups.set([editors])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Task.objects.filter(name=roles.TASK_NAME, task_states__isnull=True).delete()
    Workflow.objects.filter(name=roles.WORKFLOW_NAME, workflow_states__isnull=True).delete()
    Group.objects.filter(name__in=[roles.AUTHORS, roles.EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("home", "0002_create_homepage"),
        ("articles", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
