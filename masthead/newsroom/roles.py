"""The newsroom's roles, as Django groups with Wagtail page, collection and
model permissions.

==============  ==========================================================
Reporter        "add" on every top-level section: creates stories and edits
                the drafts they own (Wagtail's "add" is owner-only), submits
                them for review. No publishing, scheduling, Top Stories or
                display times.
Sub-editor      "add", "change", "lock" on every top-level section: edits any
                story; sets the displayed times; reads the wire ingest log.
                Does not publish. Sees the audience dashboard and may start
                a story's translation into the other edition ("Translate"),
                as may the roles above.
Section editor  One group per desk, e.g. "Section editor: Sports" (see
                ``ensure_section_editor``): edit, publish, unpublish, lock and
                unlock within that section only; Top Stories, display times.
                The plain "Section editor" group carries the same desk-wide
                rights without any pages. Reads the wire ingest log.
Chief editor    Everything editorial on the edition front pages (add, change,
                publish, lock, unlock, bulk delete), the Author and Agency
                snippets, all images and documents, and the wire sources
                (which feeds are polled, and whether they publish).
Moderator       Admin access only, for now (comments come later).
Administrator   Every permission, on the whole tree and every collection.
                Superusers are administrators too; prefer this group for
                people who should not bypass Wagtail altogether.
==============  ==========================================================

Review: reporters submit drafts to the "Newsroom review" workflow
(``ensure_workflows``): "Sub-editing" (sub-editors) then "Publish approval"
(the desk's section editors, the chief editor); the last approval publishes.

``ensure_roles()`` is idempotent and authoritative: it sets each role group's
permissions to exactly the above, so a second run changes nothing. Sections
added later are covered by running it again (``manage.py setup_roles``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import SectionPage

REPORTER = "Reporter"
SUB_EDITOR = "Sub-editor"
SECTION_EDITOR = "Section editor"
CHIEF_EDITOR = "Chief editor"
MODERATOR = "Moderator"
ADMINISTRATOR = "Administrator"

ROLES = (REPORTER, SUB_EDITOR, SECTION_EDITOR, CHIEF_EDITOR, MODERATOR, ADMINISTRATOR)

# Wagtail 8's page permission types (wagtail.models.PAGE_PERMISSION_TYPES),
# stored as wagtailcore.<type>_page Django permissions.
ALL_PAGE_PERMISSIONS = ("add", "bulk_delete", "change", "lock", "publish", "unlock")

ACCESS_ADMIN = "wagtailadmin.access_admin"
VIEW_SNIPPETS = ("newsroom.view_author", "newsroom.view_agency")
EDIT_SNIPPETS = tuple(
    f"newsroom.{action}_{model}"
    for model in ("author", "agency")
    for action in ("add", "change", "delete", "view")
)
# The wire desk: configuring sources (which feeds, auto-publish) is the chief
# editor's call; the desks read the ingest log.
MANAGE_WIRE = tuple(
    f"wire.{action}_wiresource" for action in ("add", "change", "delete", "view")
) + ("wire.view_ingestlogentry",)
VIEW_INGEST_LOG = ("wire.view_ingestlogentry",)
# The audience dashboard (masthead.audience): sub-editors and above.
VIEW_AUDIENCE = ("audience.view_dashboard",)
SET_TOP_STORY = "newsroom.set_top_story"
SET_DISPLAY_TIMES = "newsroom.set_display_times"
# "Translate" (wagtail.contrib.simple_translation): start a story's counterpart
# in the other edition; sub-editors and above.
TRANSLATE = "simple_translation.submit_translation"

# Collection permissions (on the root collection, so on all of them).
USE_MEDIA = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
ALL_MEDIA = tuple(
    f"{app}.{action}_{model}"
    for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
    for action in ("add", "change", "delete", "choose")
)


@dataclass
class RoleSpec:
    permissions: tuple[str, ...] = ()
    page_permissions: tuple[str, ...] = ()
    pages: list[Page] = field(default_factory=list)
    collection_permissions: tuple[str, ...] = ()


def top_level_sections():
    """The sections directly under each edition's front page (only front pages
    sit right below the tree's root, and sections only below them or other
    sections)."""
    return list(SectionPage.objects.filter(depth=3).order_by("path"))


def edition_fronts():
    """The pages right below the tree's root: the editions' front pages (the
    only page type allowed there) less a plain Wagtail welcome page."""
    plain = ContentType.objects.get_for_model(Page)
    return list(
        Page.objects.filter(depth=2).exclude(content_type=plain).order_by("path")
    )


def desk_permissions():
    """What every section editor's group holds besides its pages."""
    return (
        ACCESS_ADMIN,
        *VIEW_SNIPPETS,
        *VIEW_INGEST_LOG,
        *VIEW_AUDIENCE,
        SET_TOP_STORY,
        SET_DISPLAY_TIMES,
        TRANSLATE,
    )


def role_specs() -> dict[str, RoleSpec]:
    sections = top_level_sections()
    return {
        REPORTER: RoleSpec(
            permissions=(ACCESS_ADMIN, *VIEW_SNIPPETS),
            page_permissions=("add",),
            pages=sections,
            collection_permissions=USE_MEDIA,
        ),
        SUB_EDITOR: RoleSpec(
            permissions=(
                ACCESS_ADMIN,
                *VIEW_SNIPPETS,
                *VIEW_INGEST_LOG,
                *VIEW_AUDIENCE,
                SET_DISPLAY_TIMES,
                TRANSLATE,
            ),
            page_permissions=("add", "change", "lock"),
            pages=sections,
            collection_permissions=USE_MEDIA,
        ),
        SECTION_EDITOR: RoleSpec(
            permissions=desk_permissions(), collection_permissions=USE_MEDIA
        ),
        CHIEF_EDITOR: RoleSpec(
            permissions=(
                ACCESS_ADMIN,
                *EDIT_SNIPPETS,
                *MANAGE_WIRE,
                *VIEW_AUDIENCE,
                SET_TOP_STORY,
                SET_DISPLAY_TIMES,
                TRANSLATE,
            ),
            page_permissions=ALL_PAGE_PERMISSIONS,
            pages=edition_fronts(),
            collection_permissions=ALL_MEDIA,
        ),
        MODERATOR: RoleSpec(permissions=(ACCESS_ADMIN,)),
        ADMINISTRATOR: RoleSpec(
            permissions=("*",),
            page_permissions=ALL_PAGE_PERMISSIONS,
            pages=[Page.get_first_root_node()],
            collection_permissions=ALL_MEDIA,
        ),
    }


def section_editor_name(section: SectionPage) -> str:
    return f"{SECTION_EDITOR}: {section.title}"


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(permission_type: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
    )


def _sync_group(name: str, spec: RoleSpec) -> tuple[Group, int]:
    """Make the group hold exactly `spec`; return it and how many rows changed."""
    group, created = Group.objects.get_or_create(name=name)
    changes = int(created)

    if spec.permissions == ("*",):
        wanted = set(Permission.objects.values_list("pk", flat=True))
    else:
        wanted = {_permission(p).pk for p in spec.permissions}
    have = set(group.permissions.values_list("pk", flat=True))
    if wanted != have:
        group.permissions.remove(*(have - wanted))
        group.permissions.add(*(wanted - have))
        changes += len(have ^ wanted)

    wanted_pages = {
        (page.pk, _page_permission(t).pk)
        for page in spec.pages
        for t in spec.page_permissions
    }
    changes += _sync_rows(GroupPagePermission, group, "page", wanted_pages)

    root = Collection.get_first_root_node()
    wanted_media = {(root.pk, _permission(p).pk) for p in spec.collection_permissions}
    changes += _sync_rows(GroupCollectionPermission, group, "collection", wanted_media)
    return group, changes


def _sync_rows(model, group, target: str, wanted: set[tuple[int, int]]) -> int:
    """Make `group`'s `model` rows exactly `wanted`, as (target id, permission
    id) pairs; return how many rows changed."""
    rows = model.objects.filter(group=group)
    have = set(rows.values_list(f"{target}_id", "permission_id"))
    for target_id, permission_id in have - wanted:
        rows.filter(**{f"{target}_id": target_id}, permission_id=permission_id).delete()
    for target_id, permission_id in wanted - have:
        model.objects.create(
            group=group, **{f"{target}_id": target_id}, permission_id=permission_id
        )
    return len(have ^ wanted)


class UnknownSection(LookupError):
    pass


def ensure_section_editor(slug: str) -> tuple[Group, int]:
    """The "Section editor: <title>" group for the section(s) with this slug
    (the same desk in every edition): edit, publish, unpublish, lock and unlock
    there and nowhere else."""
    sections = list(SectionPage.objects.filter(slug=slug).order_by("path"))
    if not sections:
        raise UnknownSection(slug)
    spec = RoleSpec(
        permissions=desk_permissions(),
        page_permissions=("add", "change", "lock", "publish", "unlock"),
        pages=sections,
        collection_permissions=USE_MEDIA,
    )
    return _sync_group(section_editor_name(sections[0]), spec)


@transaction.atomic
def ensure_roles(section_editors=()) -> tuple[dict[str, Group], int]:
    """Create or update the role groups (and a section editor group for each
    section slug given). Return the groups by name and how many permission
    rows were added or removed: 0 when everything was already in place."""
    groups, changes = {}, 0
    for name, spec in role_specs().items():
        groups[name], n = _sync_group(name, spec)
        changes += n
    for slug in section_editors:
        group, n = ensure_section_editor(slug)
        groups[group.name] = group
        changes += n
    changes += ensure_workflows()
    return groups, changes


# -- the review workflow ------------------------------------------------------------

NEWSROOM_REVIEW = "Newsroom review"
SUB_EDITING = "Sub-editing"
PUBLISH_APPROVAL = "Publish approval"


def _activate(obj) -> int:
    """Re-enable a task or workflow someone disabled; 1 if it changed."""
    if obj.active:
        return 0
    obj.active = True
    obj.save(update_fields=["active"])
    return 1


def _task(name: str, groups: list[Group]) -> tuple[GroupApprovalTask, int]:
    task, created = GroupApprovalTask.objects.get_or_create(name=name)
    changes = int(created) + _activate(task)
    wanted = {group.pk for group in groups}
    if set(task.groups.values_list("pk", flat=True)) != wanted:
        task.groups.set(wanted)
        changes += 1
    return task, changes


def _workflow(name: str, tasks: list) -> tuple[Workflow, int]:
    workflow, created = Workflow.objects.get_or_create(name=name)
    changes = int(created) + _activate(workflow)
    have = list(
        workflow.workflow_tasks.order_by("sort_order").values_list("task_id", flat=True)
    )
    if have != [task.pk for task in tasks]:
        workflow.workflow_tasks.all().delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        changes += 1
    return workflow, changes


def _assign(workflow: Workflow, pages) -> int:
    changes = 0
    for page in pages:
        _row, created = WorkflowPage.objects.update_or_create(
            page=page, defaults={"workflow": workflow}
        )
        changes += int(created)
    return changes


def ensure_workflows() -> int:
    """Draft → "Sub-editing" (sub-editors, chief editor, administrators) →
    "Publish approval" (the desk's section editors, chief editor,
    administrators; approving it publishes). Reporters submit their drafts to
    it; comments between editors travel with the page. Each desk with a
    section editor group gets its own copy of the workflow on its sections, so
    one desk's editor cannot approve another desk's story. Returns the number
    of changes made (0 when all was in place)."""
    named = {group.name: group for group in Group.objects.all()}
    editors = [named[CHIEF_EDITOR], named[ADMINISTRATOR]]
    sub, changes = _task(SUB_EDITING, [named[SUB_EDITOR], *editors])
    approve, n = _task(PUBLISH_APPROVAL, editors)
    changes += n
    review, n = _workflow(NEWSROOM_REVIEW, [sub, approve])
    changes += n
    changes += _assign(review, edition_fronts())
    for name, group in sorted(named.items()):
        if not name.startswith(f"{SECTION_EDITOR}: "):
            continue
        desk = name.split(": ", 1)[1]
        task, n = _task(f"{PUBLISH_APPROVAL}: {desk}", [group, *editors])
        changes += n
        workflow, n = _workflow(f"{NEWSROOM_REVIEW}: {desk}", [sub, task])
        changes += n
        page_ids = GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", flat=True
        )
        changes += _assign(workflow, Page.objects.filter(pk__in=page_ids))
    return changes
