from django.core.management.base import BaseCommand, CommandError

from mosaic.common.progress import add_progress_arguments
from mosaic.jobs.worker import finish_queued_work
from mosaic.corpus.models import Document
from mosaic.lib.ocr_languages import TESSERACT_PACKS
from mosaic.lib.vocabularies import LANGUAGES, language_code
from mosaic.ocr.engine import OcrUnavailable
from mosaic.ocr.runner import documents_needing_ocr, run_ocr


class Command(BaseCommand):
    help = ("Read the scans and PDFs of documents with Tesseract into one machine-read (OCR) text layer each. "
            "Without ids: every document with files and no current OCR layer. Pages already read are reused, "
            "so an interrupted run goes on where it stopped.")

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", metavar="ID", help="Public ids of the documents to read.")
        parser.add_argument("--language", help="The language of the scans (ISO 639-1 code or English name), "
                            f"instead of each document's own or a detected one: one of {', '.join(TESSERACT_PACKS)}.")
        parser.add_argument("--force", action="store_true", help="Read every page again, even pages read before.")
        parser.add_argument("--max-pages", type=int, metavar="N",
                            help="Stop after reading N pages; the next run goes on from there.")
        add_progress_arguments(parser)

    def handle(self, *args, ids, language=None, force=False, max_pages=None, progress=None, **options):
        code = None
        if language:
            code = language_code(language)
            if code not in TESSERACT_PACKS:
                raise CommandError(f'--language "{language}" is not one Mosaic can OCR; use one of: '
                                   + ", ".join(f"{c} ({LANGUAGES[c]})" for c in TESSERACT_PACKS))
        if max_pages is not None and max_pages < 1:
            raise CommandError("--max-pages must be at least 1")
        if ids:
            try:
                documents = Document.objects.in_listed_order(list(dict.fromkeys(ids)), "The command line")
            except Document.DoesNotExist as error:
                raise CommandError(str(error)) from None
        else:
            documents = documents_needing_ocr()
            if not documents:
                self.stdout.write("Nothing to read: every document with scans has a current OCR layer.")
                return
        try:
            report = run_ocr(documents, language=code, force=force, progress=progress, max_pages=max_pages,
                             on_result=lambda result: (self.stderr if result.failed else self.stdout).write(result.summary()))
        except OcrUnavailable as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report.summary())
        finish_queued_work(self.stdout.write)
        if report.failed:
            raise CommandError(f"{len(report.failed)} document(s) not read in full: "
                               + ", ".join(result.public_id for result in report.failed))
