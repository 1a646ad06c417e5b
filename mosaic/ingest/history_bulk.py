"""Versions of many records at once: the rows `curation.history.snapshot` writes, written faster.

An import of 20,000 records stores some 180,000 versions (a record and each of its parts). Django's
serializer, which `snapshot` uses, spends most of that time in its per-field machinery and its
pure-Python streaming JSON encoder; here each model's field list is worked out once and the C
encoder writes the JSON. The text is the same, character for character, as
`serializers.serialize("json", [part])` (tested against it), so history pages, diffs and restores
read these versions exactly like any other.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models.fields import Field
from django.utils import timezone
from django.utils.encoding import is_protected_type
from reversion.models import Revision, Version

from mosaic.curation.history import _parts

# The serializer's own options (django.core.serializers.json): no indent, non-ASCII kept.
_ENCODER = DjangoJSONEncoder(ensure_ascii=False)
# Versions held in memory before they are written together.
BATCH = 2000


class _ModelShape:
    """What the serializer writes for one model: its label and, in order, its serialized fields.

    A field whose value is a `str` and whose `value_to_string` is Field's own (`str(value)`) is
    written as it is; any other value goes through the field, as the serializer sends it."""

    def __init__(self, model: type[models.Model]):
        meta = model._meta.concrete_model._meta
        self.label = str(meta)
        self.pk = meta.pk
        self.fields = [
            (field.name, field.attname, type(field).value_to_string is Field.value_to_string, field)
            for field in meta.local_fields if field.serialize
        ]


_shapes: dict[type[models.Model], _ModelShape] = {}


def _shape(model: type[models.Model]) -> _ModelShape:
    if model not in _shapes:
        _shapes[model] = _ModelShape(model)
    return _shapes[model]


def _value(obj: models.Model, attname: str, plain: bool, field: models.Field):
    value = getattr(obj, attname)
    if is_protected_type(value) or (plain and type(value) is str):
        return value
    return field.value_to_string(obj)


def serialized(obj: models.Model) -> str:
    """The same text as `django.core.serializers.serialize("json", [obj])`."""
    shape = _shape(type(obj))
    data = {
        "model": shape.label,
        "pk": _value(obj, shape.pk.attname, False, shape.pk),
        "fields": {name: _value(obj, attname, plain, field) for name, attname, plain, field in shape.fields},
    }
    return f"[{_ENCODER.encode(data)}]"


def _version_columns() -> list[str]:
    return [Version._meta.get_field(name).column for name in
            ("revision", "content_type", "object_id", "db", "format", "serialized_data", "object_repr")]


class BulkHistory:
    """One revision for a whole import, holding a version of each record it wrote and of each of
    that record's parts, as `snapshot` would store them. The revision is made with the first
    version and dated when the import is done (`close`), after every record it holds was saved,
    as `snapshot` at the end of an import dated it."""

    def __init__(self, comment: str, user=None):
        self.comment = comment
        self.user = user if user is not None and user.is_authenticated else None
        self.revision: Revision | None = None
        # (content type, object id, serialized data, object repr) of versions not yet written
        self._pending: list[tuple[int, str, str, str]] = []
        # Asked once an import, not kept longer: a test's flushed database gets new content types.
        self._content_types: dict[type[models.Model], int] = {}

    def add(self, records: Iterable[models.Model]) -> None:
        """Version these records as they are now, each with its parts (`curation.history.PARTS`).
        Parts not prefetched onto a record are read from the database."""
        for record in records:
            for part in _parts(record):
                model = type(part)
                if model not in self._content_types:
                    self._content_types[model] = ContentType.objects.get_for_model(model).pk
                self._pending.append((self._content_types[model], str(part.pk), serialized(part), str(part)[:191]))
            if len(self._pending) >= BATCH:
                self._write()

    def _write(self) -> None:
        if not self._pending:
            return
        if self.revision is None:
            self.revision = Revision.objects.create(date_created=timezone.now(), comment=self.comment, user=self.user)
        table = connection.ops.quote_name(Version._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in _version_columns())
        # Plain rows, not model instances: nothing is read back from a version row, and making
        # 180,000 instances would cost more than writing them.
        rows = [(self.revision.pk, content_type, object_id, "default", "json", data, shown)
                for content_type, object_id, data, shown in self._pending]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY streams the rows in one command; an INSERT each costs a round of the protocol.
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
        self._pending = []

    def close(self) -> Revision | None:
        self._write()
        if self.revision is not None:
            self.revision.date_created = timezone.now()
            Revision.objects.filter(pk=self.revision.pk).update(date_created=self.revision.date_created)
        return self.revision
