"""History of records: every saved state of a document (with its locators, credits, agents, text
layers and collection places), collection, publication and authority record, kept with
django-reversion; a diff between any two states; restoring one record's state; and the trash.

A revision may hold many records (one import file, one bulk action), so restoring never reverts
a whole revision: it puts back only the chosen record and the parts that belong to it.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.db.models.signals import pre_delete
from django.utils import timezone
from reversion.models import Revision, Version

# parent model -> (related name on the parent, child model, the child's foreign key to the parent).
# The single description of what a record consists of: registration, snapshots, diffs and
# restores all read it.
PARTS: dict[str, list[tuple[str, str, str]]] = {
    "corpus.Document": [
        ("locators", "corpus.Locator", "document"),
        ("credits", "corpus.Credit", "document"),
        ("agent_links", "corpus.DocumentAgent", "document"),
        ("text_layers", "corpus.TextLayer", "document"),
        ("memberships", "collections.CollectionMembership", "document"),
        ("files", "preservation.DocumentFile", "document"),
    ],
    "corpus.Locator": [("units", "corpus.ArchivalUnit", "locator")],
    "collections.Collection": [("memberships", "collections.CollectionMembership", "collection")],
    "publications.Publication": [
        ("author_links", "publications.PublicationAuthor", "publication"),
        ("document_links", "publications.PublicationDocument", "publication"),
    ],
    "entities.Person": [("variants", "entities.NameVariant", "person")],
    "entities.AuthorityTerm": [("variants", "entities.TermVariant", "term")],
    "preservation.Accession": [("files", "preservation.AccessionFile", "accession")],
}
DOCUMENT_PARTS = ["locators__units", "credits__agent", "agent_links__agent", "text_layers", "memberships__collection", "files__stored_file"]  # for prefetching
# A saved part brings its whole record into the revision, so a record's history shows every
# change to any of its parts.
PART_OF: dict[str, list[str]] = {
    "corpus.Locator": ["document"],
    "corpus.ArchivalUnit": ["locator"],
    "corpus.Credit": ["document"],
    "corpus.DocumentAgent": ["document"],
    "corpus.TextLayer": ["document"],
    "publications.PublicationAuthor": ["publication"],
    "publications.PublicationDocument": ["publication"],
    "entities.NameVariant": ["person"],
    "entities.TermVariant": ["term"],
    "preservation.DocumentFile": ["document"],
    "preservation.AccessionFile": ["accession"],
}
# Records that can be deleted to the trash and restored from it.
TRASHABLE = ["corpus.Document", "collections.Collection", "publications.Publication", "entities.Person",
             "preservation.Accession"]
# Versioned on their own: their own edits are history too.
STANDALONE = ["corpus.NameLink", "entities.Agent", "archives.Repository", "entities.Office",
              "collections.CollectionMembership", "context.RelationsPeriod", "context.EmbassyCondition", "context.Event",
              "context.EventMention", "lens.FlagDispute", "preservation.ArchivalFile",
              "preservation.FoliationNote"]


def register_versioned_models() -> None:
    labels = set(PARTS) | set(PART_OF) | set(STANDALONE)
    for label in sorted(labels):
        model = apps.get_model(label)
        if reversion.is_registered(model):
            continue
        follow = [name for name, _, _ in PARTS.get(label, [])] + PART_OF.get(label, [])
        reversion.register(model, follow=follow)
    for label in TRASHABLE:
        pre_delete.connect(_snapshot_before_delete, sender=apps.get_model(label), dispatch_uid=f"trash-{label}")


def _parts(instance: models.Model) -> list[models.Model]:
    """The record and all its parts, parents before children."""
    found = [instance]
    for related_name, _, _ in PARTS.get(instance._meta.label, []):
        for part in getattr(instance, related_name).all():
            found.extend(_parts(part))
    return found


def snapshot(instances, *, user=None, comment: str) -> Revision | None:
    """Store the current state of these records (with their parts) as one revision now,
    independently of any revision being collected around the call. Works through a large
    queryset in chunks, so an import of thousands of records stays in bounded memory."""
    if isinstance(instances, models.QuerySet):
        instances = instances.iterator(chunk_size=500)
    revision = None
    chunk: dict[tuple[int, str], Version] = {}

    def flush():
        nonlocal revision
        if not chunk:
            return
        if revision is None:
            revision = Revision.objects.create(date_created=timezone.now(), comment=comment,
                                               user=user if user and user.is_authenticated else None)
        for version in chunk.values():
            version.revision = revision
        Version.objects.bulk_create(chunk.values(), batch_size=500)
        chunk.clear()

    for count, instance in enumerate(instances, start=1):
        for part in _parts(instance):
            content_type = ContentType.objects.get_for_model(part)
            chunk[(content_type.pk, str(part.pk))] = Version(
                content_type=content_type, object_id=str(part.pk), db="default", format="json",
                serialized_data=serializers.serialize("json", [part]), object_repr=str(part)[:191],
            )
        if count % 500 == 0:
            flush()
    flush()
    return revision


def _snapshot_before_delete(sender, instance, **kwargs):
    # The last state goes to the trash even when no revision recorded it (an import before
    # history existed, a shell session), so a deletion is always reversible.
    user = _current_user()
    snapshot([instance], user=user, comment=f"Moved to the trash: {instance}")


def _current_user():
    try:
        return reversion.get_user()
    except reversion.RevisionManagementError:
        return None


# Reading history ------------------------------------------------------------------------------

def versions_of(instance: models.Model):
    return Version.objects.get_for_object(instance).select_related("revision", "revision__user")


def _record_versions(version: Version) -> list[Version]:
    """The versions in this version's revision that belong to its record, parents first."""
    ordered, queue = [], [version]
    while queue:
        current = queue.pop(0)
        ordered.append(current)
        for _, child_label, fk_name in PARTS.get(current._model._meta.label, []):
            child_type = ContentType.objects.get_for_model(apps.get_model(child_label))
            # A revision can hold thousands of records (a bulk action): match the parent key in
            # the stored JSON before paying for deserialising a candidate.
            key = re.compile(rf'"{fk_name}": {re.escape(current.object_id)}[,}}]')
            for candidate in version.revision.version_set.filter(content_type=child_type).order_by("pk"):
                if key.search(candidate.serialized_data) and str(candidate.field_dict.get(f"{fk_name}_id")) == current.object_id:
                    queue.append(candidate)
    return ordered


@dataclass
class FieldChange:
    name: str
    before: str
    after: str
    lines: list[str] = field(default_factory=list)  # a unified diff, for long texts


@dataclass
class PartChange:
    label: str  # "Text layer: Original (Russian)"
    change: str  # "added", "removed" or "changed"
    fields: list[FieldChange]


def _describe(model, values: dict) -> str:
    return f"{model._meta.verbose_name.capitalize()}: {values.get('__repr__', '')}".rstrip(": ")


def _state_from_versions(versions: list[Version]) -> dict:
    state = {}
    for v in versions:
        values = dict(v.field_dict)
        values["__repr__"] = v.object_repr
        state[(v._model._meta.label, v.object_id)] = values
    return state


def _state_from_database(instance: models.Model) -> dict:
    state = {}
    for part in _parts(instance):
        values = {f.attname if f.is_relation else f.name: getattr(part, f.attname) for f in part._meta.concrete_fields}
        values["__repr__"] = str(part)
        state[(part._meta.label, str(part.pk))] = values
    return state


IGNORED_FIELDS = {"id", "created", "modified", "import_fingerprint", "__repr__"}


def _normalise(values: dict) -> dict:
    return {key.removesuffix("_id") if key.endswith("_id") else key: ("" if value is None else str(value))
            for key, value in values.items() if key not in IGNORED_FIELDS}


def compare(before: dict, after: dict) -> list[PartChange]:
    changes = []
    for key in list(before) + [k for k in after if k not in before]:
        model = apps.get_model(key[0])
        old, new = before.get(key), after.get(key)
        label = _describe(model, new or old)
        if old is None:
            changes.append(PartChange(label, "added", [FieldChange(n, "", v) for n, v in _normalise(new).items() if v]))
            continue
        if new is None:
            changes.append(PartChange(label, "removed", [FieldChange(n, v, "") for n, v in _normalise(old).items() if v]))
            continue
        old_values, new_values = _normalise(old), _normalise(new)
        fields = []
        for name in old_values.keys() | new_values.keys():
            a, b = old_values.get(name, ""), new_values.get(name, "")
            if a == b:
                continue
            lines = []
            if "\n" in a or "\n" in b or max(len(a), len(b)) > 200:
                lines = list(difflib.unified_diff(a.splitlines(), b.splitlines(), "before", "after", lineterm="", n=1))
            fields.append(FieldChange(name, a, b, lines))
        if fields:
            changes.append(PartChange(label, "changed", sorted(fields, key=lambda f: f.name)))
    return changes


def diff_with_current(version: Version) -> list[PartChange]:
    """What restoring this version would change: the current state compared with the version."""
    instance = version._model._default_manager.filter(pk=version.object_id).first()
    current = _state_from_database(instance) if instance else {}
    return compare(current, _state_from_versions(_record_versions(version)))


def diff_with_previous(version: Version) -> list[PartChange]:
    """What this version changed, compared with the version before it."""
    earlier = (Version.objects.get_for_object_reference(version._model, version.object_id)
               .filter(revision__date_created__lt=version.revision.date_created).first())
    before = _state_from_versions(_record_versions(earlier)) if earlier else {}
    return compare(before, _state_from_versions(_record_versions(version)))


# Restoring ------------------------------------------------------------------------------------

class RestoreFailed(Exception):
    pass


def restore(version: Version, *, user=None) -> models.Model:
    """Put a record back exactly as it was in this version: its fields, and its parts (parts
    added since are removed, parts deleted since come back). Recorded as a new revision."""
    record_versions = _record_versions(version)
    wanted = {(v._model._meta.label, v.object_id) for v in record_versions}
    model = version._model
    try:
        with transaction.atomic(), reversion.create_revision():
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            reversion.set_comment(f"Restored the version of {version.revision.date_created:%Y-%m-%d %H:%M} (UTC)")
            existing = model._default_manager.filter(pk=version.object_id).first()
            if existing is not None:
                for part in reversed(_parts(existing)):
                    if (part._meta.label, str(part.pk)) not in wanted:
                        part.delete()
            for v in record_versions:
                v.revert()
            restored = model._default_manager.get(pk=version.object_id)
            # Raw reverts skip save signals: record the restored state and refresh what depends on it.
            reversion.add_to_revision(restored)
            _after_restore(restored)
    except IntegrityError as error:
        raise RestoreFailed(
            f"{model._meta.verbose_name.capitalize()} {version.object_repr!r} cannot be restored: something it refers to "
            f"(an agent, repository, collection or person) no longer exists ({error})."
        ) from error
    return restored


def _after_restore(instance: models.Model) -> None:
    from mosaic.search import sync

    label = instance._meta.label
    if label == "corpus.Document":
        sync.schedule([instance.pk])
    elif label == "collections.Collection":
        sync.schedule(instance.memberships.values_list("document_id", flat=True))


def deleted_records() -> list[Version]:
    """The trash: the last version of every trashable record that no longer exists, newest first."""
    found = []
    for label in TRASHABLE:
        found.extend(Version.objects.get_deleted(apps.get_model(label)).select_related("revision", "revision__user"))
    return sorted(found, key=lambda v: v.revision.date_created, reverse=True)
