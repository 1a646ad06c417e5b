"""RelabelFields changes the words staff read for fields and nothing the database holds; the
migrations as a whole still describe the models exactly."""
import io

import pytest
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ModelState, ProjectState

from mosaic.common.migration_operations import RelabelFields


def _state() -> ProjectState:
    state = ProjectState()
    state.add_model(ModelState("shelf", "box", [
        ("id", models.AutoField(primary_key=True)),
        ("label", models.CharField(max_length=40)),
    ]))
    state.add_model(ModelState("shelf", "folder", [
        ("id", models.AutoField(primary_key=True)),
        ("box", models.ForeignKey("shelf.box", models.CASCADE)),
    ]))
    return state


def test_new_labels_reach_the_state_and_its_rendered_models():
    state = _state()
    state.apps  # rendered, as during `migrate`
    RelabelFields("folder", [("box", models.ForeignKey("shelf.box", models.CASCADE, verbose_name="archive box"))]) \
        .state_forwards("shelf", state)
    RelabelFields("box", [("label", models.CharField(max_length=40, verbose_name="box label", help_text="As written"))]) \
        .state_forwards("shelf", state)
    folder = state.apps.get_model("shelf", "folder")
    assert folder._meta.get_field("box").verbose_name == "archive box"
    assert folder._meta.get_field("box").related_model is state.apps.get_model("shelf", "box")
    assert state.apps.get_model("shelf", "box")._meta.get_field("label").help_text == "As written"
    assert state.relations["shelf", "box"]["shelf", "folder"]["box"].verbose_name == "archive box"


@pytest.mark.parametrize("changed", [
    models.CharField(max_length=80, verbose_name="box label"),  # a wider column
    models.CharField(max_length=40, null=True, verbose_name="box label"),
    models.TextField(verbose_name="box label"),
])
def test_a_change_the_database_would_see_is_refused(changed):
    with pytest.raises(ValueError, match="shelf.box.label changes in the database too"):
        RelabelFields("box", [("label", changed)]).state_forwards("shelf", _state())


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor needs to be outside a transaction
def test_no_statement_reaches_the_database():
    before, after = _state(), _state()
    operation = RelabelFields("box", [("label", models.CharField(max_length=40, verbose_name="box label"))])
    operation.state_forwards("shelf", after)
    with connection.schema_editor(collect_sql=True) as editor:
        operation.database_forwards("shelf", editor, before, after)
        operation.database_backwards("shelf", editor, after, before)
    assert editor.collected_sql == []


@pytest.mark.django_db
def test_the_migrations_describe_the_models_exactly():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)  # SystemExit(1) on a difference
    assert "No changes detected" in out.getvalue()


def test_the_label_migrations_use_it_and_leave_the_schema_as_alterfield_would():
    """Each RelabelFields of the project's migrations keeps every field's schema (state_forwards
    would raise otherwise), and no project migration relabels field by field again."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    relabelled = [operation for (app, name), migration in loader.disk_migrations.items() if app != "auth"
                  for operation in migration.operations if isinstance(operation, RelabelFields)]
    assert sum(len(operation.fields) for operation in relabelled) >= 400
    loader.project_state()  # runs every operation's state_forwards
