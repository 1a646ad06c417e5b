"""Django's `flush`, which also empties the search index.

Flush deletes the rows of every model's table; the index's tables belong to no model, so on its
own it would leave every deleted document findable. Django's tests that commit (transactional
tests) end with a flush, and the next test in the process found the documents they had imported.
"""
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections


class Command(flush.Command):
    help = flush.Command.help + " The search index is emptied with them."

    def handle(self, **options):
        database = options["database"]
        if options["interactive"]:
            name = connections[database].settings_dict["NAME"]
            answer = input(f'This deletes every record of the "{name}" database and its search index, '
                           "for good. Type 'yes' to go on, anything else to stop: ")
            if answer != "yes":
                self.stdout.write("Flush cancelled.")
                return
        super().handle(**{**options, "interactive": False})
        if database == DEFAULT_DB_ALIAS:  # the index lives in the default database only
            from mosaic.search.index import get_backend

            get_backend().clear()
