"""Migration operations of Mosaic's own."""
from django.db.migrations.operations.base import Operation


class RelabelFields(Operation):
    """New words for some of a model's fields (verbose_name, help_text, choices' labels) and nothing else.

    No column changes, so nothing is sent to the database. The migration state renders the model
    once for the whole list, where one AlterField per field renders it and every model related to it
    again for each field: the staff side's labels, written as 420 AlterFields, cost about 20 s of
    every `migrate` (each new archive, each test database)."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, model_name, fields):
        self.model_name = model_name
        self.fields = fields

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "fields": self.fields}

    def state_forwards(self, app_label, state):
        model_key = app_label, self.model_name.lower()
        fields = state.models[model_key].fields
        for name, field in self.fields:
            old_field = fields[name]
            if _schema(old_field) != _schema(field):
                raise ValueError(f"RelabelFields may change only labels; {app_label}.{self.model_name}.{name} "
                                 f"changes in the database too (use AlterField)")
            if state._relations is not None and old_field.is_relation:
                del fields[name]
                state.resolve_model_field_relations(model_key, name, old_field)
            fields[name] = field
            if state._relations is not None and field.is_relation:
                state.resolve_model_field_relations(model_key, name, field)
        # The relations are the same as before, so the models related to this one need no new
        # rendering beyond their own (as for AlterModelOptions).
        state.reload_model(*model_key, delay=True)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass  # labels live in Python only

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return f"Relabel {len(self.fields)} field(s) of {self.model_name}"

    @property
    def migration_name_fragment(self):
        return f"relabel_{self.model_name.lower()}"

    def references_model(self, name, app_label):
        return name.lower() == self.model_name.lower()


def _schema(field) -> tuple:
    """What of a field reaches the database: its deconstruction without the attributes Django
    itself knows to be Python-only (labels, help, choices, validators...)."""
    _, path, args, kwargs = field.deconstruct()
    python_only = set(field.non_db_attrs) | {"verbose_name"}
    return path, tuple(args), sorted((key, repr(value)) for key, value in kwargs.items() if key not in python_only)
