"""The staff roles, as Django groups with their permissions; `mosaic roles sync` (run by
`mosaic init` and after every migration) keeps the groups in step with this file."""
from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

RESEARCHER, TRANSLATOR, CURATOR, COORDINATOR = "Researcher", "Translator", "Curator", "Coordinator"

# What the access policy (corpus/access.py) reads. Whoever may edit documents (curators and
# coordinators; superusers hold every permission) sees every record whatever its status or
# access level. A translator sees what the public sees, plus the documents of their open
# translation tasks with all their layers and files. Staff status alone opens nothing: it only
# lets someone into the staff interface.
SEES_ALL_RECORDS = "corpus.change_document"
TRANSLATES = "translations.change_translationtask"

# Apps whose records curators keep: every add/change/delete/view permission in them.
CURATED_APPS = ["archives", "entities", "corpus", "collections", "publications", "translations", "reports", "context", "lens", "preservation", "subjects", "annotations"]
# Held back from curators: publishing, access rules and the trash are the coordinator's.
COORDINATOR_ONLY = {"curation.publish", "curation.change_access", "curation.restore_deleted"}

ROLES: dict[str, dict] = {
    RESEARCHER: {"staff": False, "description": "A registered reader: sees what the public sees, can request translations and report problems."},
    TRANSLATOR: {"staff": True, "description": "Works on the translations assigned to them: sees what the public sees, plus the documents of their open tasks with their originals.",
                 "permissions": ["translations.view_translationtask", "translations.change_translationtask",
                                 "corpus.view_document", "corpus.view_textlayer", "entities.view_person"]},
    CURATOR: {"staff": True, "description": "Edits records, collections and publications and moves them to review; assigns and approves translations; handles reader reports.",
              "apps": CURATED_APPS, "permissions": ["curation.view_workflowevent"]},
    COORDINATOR: {"staff": True, "description": "Runs the archive: publishes and withdraws, sets access rules, restores from the trash, manages accounts.",
                  "all": True},
}


def permissions_for(role: str) -> set[str]:
    spec = ROLES[role]
    every = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}
    if spec.get("all"):
        return every
    wanted = set(spec.get("permissions", []))
    wanted |= {code for code in every if code.split(".")[0] in spec.get("apps", [])}
    return wanted - COORDINATOR_ONLY


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create the groups and give each exactly the permissions this file lists."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    index = {f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")}
    counts = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        codes = permissions_for(role)
        missing = [code for code in ROLES[role].get("permissions", []) if code not in index]
        if missing:
            raise LookupError(f"Role {role} lists permissions that do not exist: {', '.join(missing)}")
        group.permissions.set([index[code] for code in codes])
        counts[role] = len(codes)
    return counts


def grant(user, role: str) -> None:
    if role not in ROLES:
        raise LookupError(f"No role “{role}”; the roles are {', '.join(ROLES)}.")
    user.groups.add(Group.objects.get(name=role))
    if ROLES[role]["staff"] and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def roles_of(user) -> list[str]:
    return list(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
