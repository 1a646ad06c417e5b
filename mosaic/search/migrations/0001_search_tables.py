from django.db import migrations


def create_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return  # other databases get their own search backend and tables
    from mosaic.search.backends.sqlite_fts import CREATE_STATEMENTS

    for statement in CREATE_STATEMENTS:
        schema_editor.execute(statement)


def drop_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from mosaic.search.backends.sqlite_fts import DROP_STATEMENTS

    for statement in DROP_STATEMENTS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("corpus", "0001_initial")]
    operations = [migrations.RunPython(create_tables, drop_tables)]
