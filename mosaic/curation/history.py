"""History of records: every saved state of a document (with its locators, credits, agents, text
layers and collection places), collection, publication and authority record, kept with
django-reversion; a diff between any two states; restoring one record's state; and the trash.

A revision may hold many records (one import file, one bulk action), so restoring never reverts
a whole revision: it puts back only the chosen record and the parts that belong to it. A restore
never does what its user could not do by editing: workflow statuses and access levels a user may
not change keep their current values (see `plan_restore`).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models
from django.db.models.signals import pre_delete
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version

from mosaic.changes.service import collecting
from mosaic.curation import workflow
from mosaic.lib.vocabularies import PUBLICATION_STATUSES

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
        ("relations_out", "relations.DocumentRelation", "document"),
        ("subject_links", "subjects.DocumentSubject", "document"),
        ("place_links", "subjects.DocumentPlace", "document"),
    ],
    "corpus.Locator": [("units", "corpus.ArchivalUnit", "locator")],
    "collections.Collection": [("memberships", "collections.CollectionMembership", "collection")],
    "publications.Publication": [
        ("author_links", "publications.PublicationAuthor", "publication"),
        ("document_links", "publications.PublicationDocument", "publication"),
        ("footnotes", "publications.Footnote", "publication"),
    ],
    "entities.Person": [("variants", "entities.NameVariant", "person"), ("offices", "entities.Office", "person")],
    "entities.AuthorityTerm": [("variants", "entities.TermVariant", "term")],
    "preservation.Accession": [("files", "preservation.AccessionFile", "accession")],
}
DOCUMENT_PARTS = ["locators__units", "credits__agent", "agent_links__agent", "text_layers", "memberships__collection", "files__stored_file",
                  "relations_out", "subject_links__subject", "place_links__place"]  # for prefetching
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
    "publications.Footnote": ["publication"],
    "entities.NameVariant": ["person"],
    "entities.Office": ["person"],
    "entities.TermVariant": ["term"],
    "preservation.DocumentFile": ["document"],
    "relations.DocumentRelation": ["document"],
    "subjects.DocumentSubject": ["document"],
    "subjects.DocumentPlace": ["document"],
    "preservation.AccessionFile": ["accession"],
}
# Records that can be deleted to the trash and restored from it.
TRASHABLE = ["corpus.Document", "collections.Collection", "publications.Publication", "entities.Person",
             "preservation.Accession", "annotations.Annotation"]
# Versioned on their own: their own edits are history too.
STANDALONE = ["corpus.NameLink", "entities.Agent", "archives.Repository", "entities.Office",
              "collections.CollectionMembership", "context.RelationsPeriod", "context.EmbassyCondition", "context.Event",
              "context.EventMention", "lens.FlagDispute", "preservation.ArchivalFile",
              "preservation.FoliationNote", "annotations.Annotation"]


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
    held = getattr(instance, "_prefetched_objects_cache", {})
    for related_name, _, _ in PARTS.get(instance._meta.label, []):
        # Prefetched parts are read where they are held (what `.all()` would return): making a
        # related manager for each was a tenth of an import's versioning.
        for part in held[related_name] if related_name in held else getattr(instance, related_name).all():
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

    @property
    def change_label(self) -> str:
        return str(CHANGE_NAMES.get(self.change, self.change))


CHANGE_NAMES = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}


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


def diff_with_previous(version: Version) -> list[PartChange]:
    """What this version changed, compared with the version before it."""
    earlier = (Version.objects.get_for_object_reference(version._model, version.object_id)
               .filter(revision__date_created__lt=version.revision.date_created).first())
    before = _state_from_versions(_record_versions(earlier)) if earlier else {}
    return compare(before, _state_from_versions(_record_versions(version)))


# Who may change what -------------------------------------------------------------------------
# Going back to an earlier version must never be a way round these locks: a restore keeps the
# current value of every field its user could not change by editing (`plan_restore`).

# Who may see a document, text layer or file. Only a coordinator changes them: the staff forms
# show them read-only to everyone else (curation/admin.py reads this rule too).
ACCESS_FIELDS = ("access", "embargo_until")
CHANGE_ACCESS = "curation.change_access"
PUBLISH = "curation.publish"
ACCESS_REASON = "only a coordinator changes who may see it"
# A part someone without that power brings in starts staff-only, as a text layer a curator adds
# in the staff form does: a restore re-creating a deleted layer or file follows the same rule.
NEW_PART_ACCESS = {"access": "staff", "embargo_until": None}
NEW_PART_REASON = "a text or file a curator adds starts staff-only; only a coordinator opens it"
NEW_RECORD_REASON = "a record a curator brings back starts as a draft; only a coordinator publishes"


def locked_access_fields(model, user) -> list[str]:
    """The access fields of this model that this user may not change (user None: a script,
    which may change everything)."""
    if user is None or user.has_perm(CHANGE_ACCESS):
        return []
    names = {f.name for f in model._meta.concrete_fields}
    return [name for name in ACCESS_FIELDS if name in names]


def moves_through_workflow(model) -> bool:
    """Whether the workflow (curation/workflow.py) moves this model's status: documents,
    collections and publications, whose status takes the workflow's values."""
    try:
        field = model._meta.get_field("status")
    except FieldDoesNotExist:
        return False
    return {value for value, _ in field.choices or ()} == set(PUBLICATION_STATUSES)


def _status_display(status: str) -> str:
    return PUBLICATION_STATUSES.get(status, status).lower()


def _why_status_stays(record, target: str, user) -> str | None:
    """Why a restore by this user may not move the record to the target status (None if it may).
    A coordinator restores any status; anyone else only makes the moves the workflow allows them."""
    if user is None or user.has_perm(PUBLISH) or target in workflow.allowed_moves(record, user):
        return None
    if "published" in (record.status, target) or target == "withdrawn":
        return "only a coordinator can publish or withdraw"
    return (f"the workflow does not move a record from {_status_display(record.status)} to "
            f"{_status_display(target)}; use the workflow buttons")


# Restoring ------------------------------------------------------------------------------------

class RestoreFailed(Exception):
    pass


@dataclass
class KeptValue:
    """A value this version has that a restore will not put back, and why."""
    part: str  # "Document: memo-1957: …", as in PartChange
    field: str  # "status", "access", "embargo until"
    stays: str  # the value the part keeps (or, re-created, gets)
    version_has: str
    reason: str
    recreated: bool = False  # a part deleted since, which the restore brings back

    def __str__(self) -> str:
        if self.recreated:
            return (f"{self.part} comes back with {self.field} “{self.stays}”, not “{self.version_has}”: "
                    f"{self.reason}.")
        return f"{self.part}: {self.field.capitalize()} stays “{self.stays}”, not “{self.version_has}”: {self.reason}."


@dataclass
class RestorePlan:
    """What restoring a version does for one user: the values written instead of the version's,
    the resulting changes to the record, and the values kept, with their reasons."""
    record_versions: list[Version]
    overrides: dict[tuple[str, str], dict[str, object]]
    changes: list[PartChange]
    kept: list[KeptValue]


@dataclass
class Restored:
    record: models.Model
    kept: list[KeptValue]


def _shown(model, name: str, value) -> str:
    field = model._meta.get_field(name)
    if value in (None, ""):
        return "none"
    return str(dict(field.flatchoices).get(value, value))


def plan_restore(version: Version, user=None) -> RestorePlan:
    """What restoring this version would change now for this user (None: a script, which may do
    everything). Fields the user could not change by editing keep their current values; a part
    deleted since comes back with what the user could give a part they add."""
    record_versions = _record_versions(version)
    record = version._model._default_manager.filter(pk=version.object_id).first()
    now = {(part._meta.label, str(part.pk)): part for part in _parts(record)} if record else {}
    target = _state_from_versions(record_versions)
    overrides, kept = {}, []
    for key, values in target.items():
        model, current = apps.get_model(key[0]), now.get(key)
        held: dict[str, tuple[object, str]] = {}  # field -> (the value written instead, why)
        for name in locked_access_fields(model, user):
            if current is not None:
                held[name] = (getattr(current, name), ACCESS_REASON)
            else:
                held[name] = (NEW_PART_ACCESS[name], NEW_PART_REASON)
        if moves_through_workflow(model):
            if current is not None:
                why = _why_status_stays(current, values["status"], user)
                if why:
                    held["status"] = (current.status, why)
            elif user is not None and not user.has_perm(PUBLISH):
                held["status"] = (model._meta.get_field("status").get_default(), NEW_RECORD_REASON)
        for name, (value, reason) in held.items():
            if values[name] == value:
                continue
            overrides.setdefault(key, {})[name] = value
            kept.append(KeptValue(_describe(model, values), model._meta.get_field(name).verbose_name,
                                  _shown(model, name, value), _shown(model, name, values[name]), reason,
                                  recreated=current is None))
            values[name] = value
    current_state = _state_from_database(record) if record else {}
    return RestorePlan(record_versions, overrides, compare(current_state, target), kept)


def restore(version: Version, *, user=None) -> Restored:
    """Put a record back as it was in this version: its fields, and its parts (parts added since
    are removed, parts deleted since come back), except what the user may not change
    (`plan_restore`). Recorded as a new revision, and a status it moves as a workflow move by the
    user. user None: a script, which restores everything."""
    model = version._model
    try:
        # Raw reverts skip save signals: the documents the restore changed are named to the change
        # service by hand (`_documents_restored`).
        with collecting("restored a version", from_signals=False) as changes, reversion.create_revision():
            # Planned inside the transaction, against the state the restore actually changes.
            plan = plan_restore(version, user)
            wanted = {(v._model._meta.label, v.object_id) for v in plan.record_versions}
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            comment = f"Restored the version of {version.revision.date_created:%Y-%m-%d %H:%M} (UTC)"
            if plan.kept:
                comment += "; kept: " + ", ".join(f"{k.field} “{k.stays}”" for k in plan.kept)
            reversion.set_comment(comment)
            existing = model._default_manager.filter(pk=version.object_id).first()
            status_before = existing.status if existing is not None and moves_through_workflow(model) else None
            if existing is not None:
                for part in reversed(_parts(existing)):
                    if (part._meta.label, str(part.pk)) not in wanted:
                        part.delete()
            for v in plan.record_versions:
                saved = v._object_version
                for name, value in plan.overrides.get((v._model._meta.label, v.object_id), {}).items():
                    setattr(saved.object, name, value)
                saved.save(using=v.db)
            restored = model._default_manager.get(pk=version.object_id)
            reversion.add_to_revision(restored)  # raw reverts skip the signal that records it
            if status_before is not None and restored.status != status_before:
                workflow.record_move(restored, status_before, restored.status, user, note=comment)
            changes.add(_documents_restored(restored))
    except IntegrityError as error:
        raise RestoreFailed(
            f"{model._meta.verbose_name.capitalize()} {version.object_repr!r} cannot be restored: something it refers to "
            f"(an agent, repository, collection or person) no longer exists ({error})."
        ) from error
    return Restored(restored, plan.kept)


def _documents_restored(instance: models.Model) -> list[int]:
    """The documents whose index entry, checksums and derived analyses a restore of this record
    changes: the document itself, or a collection's members (their collection facet)."""
    label = instance._meta.label
    if label == "corpus.Document":
        return [instance.pk]
    if label == "collections.Collection":
        return list(instance.memberships.values_list("document_id", flat=True))
    return []


def deleted_records() -> list[Version]:
    """The trash: the last version of every trashable record that no longer exists, newest first."""
    found = []
    for label in TRASHABLE:
        found.extend(Version.objects.get_deleted(apps.get_model(label)).select_related("revision", "revision__user"))
    return sorted(found, key=lambda v: v.revision.date_created, reverse=True)
