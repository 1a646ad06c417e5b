"""OCR of documents' scans into one machine-read text layer per document.

Each page read is stored at once (an OcrPage, in its own transaction), so a run that is stopped
(by a page budget, a crash or Ctrl-C) loses at most the page in hand; the next run reuses the
stored pages and reads only the rest. Only when every page of every file of a document is read
does the document get its OCR layer, which is then indexed, linked to the name authority,
marked by the lens and recorded in the history like an imported layer.
"""
from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max
from tqdm import tqdm

from mosaic.corpus.models import MACHINE_READ_COMMENT, Document, TextLayer
from mosaic.curation.history import DOCUMENT_PARTS, snapshot
from mosaic.changes.service import collecting
from mosaic.lib.ocr_languages import (
    MIN_LETTERS_TO_DETECT,
    SUPPORTED_LANGUAGES,
    TESSERACT_PACKS,
    Detection,
    combined_pack,
    detect_language,
    letter_count,
    pack_for,
)
from mosaic.ocr import word_boxes
from mosaic.ocr.engine import OcrUnavailable, Tesseract, find_tesseract
from mosaic.preservation.page_images import PageImages
from mosaic.preservation.models import DocumentFile, OcrPage

# Between pages in the layer's text, so the viewer can put each page's text beside its image.
PAGE_SEPARATOR = "\f"
# A cover sheet or a blank first leaf says nothing of the language; detection reads on to this.
MAX_PAGES_FOR_DETECTION = 3


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    reason: str  # for the command's report
    detection: Detection | None = None

    @property
    def evidence(self) -> str:
        """What the layer records of how its language was chosen, when no one chose it."""
        return f"language detected by lingua: {self.detection.describe()}" if self.detection else ""


@dataclass
class DocumentResult:
    public_id: str
    language: LanguageChoice | None = None
    pages_read: int = 0
    pages_reused: int = 0
    detection_pages: int = 0
    seconds_reading: float = 0.0
    confidences: list[float] = field(default_factory=list)
    layer: str = ""  # "created", "replaced" or "unchanged" once the document is done
    layer_access: str = ""
    errors: list[str] = field(default_factory=list)
    stopped: bool = False  # the run's page budget ran out inside this document

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        parts = []
        if self.language:
            parts.append(f"{self.language.code} ({self.language.reason})")
        pages = f"{self.pages_read} page(s) read, {self.pages_reused} reused"
        if self.detection_pages:
            pages += f", {self.detection_pages} read to detect the language"
        parts.append(pages)
        if self.confidences:
            parts.append(f"mean confidence {sum(self.confidences) / len(self.confidences):.1f}")
        if self.layer:
            access = "" if self.layer_access == "public" else f", {self.layer_access}"
            parts.append(f"OCR layer {self.layer}{access}")
        elif self.stopped:
            parts.append("stopped by the page budget; run again to go on")
        elif self.errors:
            parts.append("no layer: " + "; ".join(self.errors))
        return f"{self.public_id}: " + ", ".join(parts)


@dataclass
class OcrReport:
    documents: list[DocumentResult] = field(default_factory=list)

    @property
    def pages_read(self) -> int:
        return sum(d.pages_read for d in self.documents)

    @property
    def pages_reused(self) -> int:
        return sum(d.pages_reused for d in self.documents)

    @property
    def failed(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.failed]

    @property
    def stopped(self) -> bool:
        return any(d.stopped for d in self.documents)

    def summary(self) -> str:
        done = sum(1 for d in self.documents if d.layer)
        detections = sum(d.detection_pages for d in self.documents)
        summary = (f"Total: {len(self.documents)} document(s), {done} with their OCR layer done, {len(self.failed)} failed; "
                   f"{self.pages_read} page(s) read, {self.pages_reused} reused")
        if detections:
            summary += f", {detections} read to detect languages"
        if self.pages_read + detections:
            reading = sum(d.seconds_reading for d in self.documents)
            summary += f"; {reading / (self.pages_read + detections):.1f} s a page"
        if self.stopped:
            summary += "; stopped by the page budget (run again to go on)"
        return summary


def strictest_access(files: Iterable[DocumentFile]) -> tuple[str, dt.date | None]:
    """The access an OCR layer needs so it reveals no more than the most restricted of the
    scans it was read from: an archive that forbids publishing a scan forbids its text too."""
    files = list(files)
    # An embargo without an end date never opens: it is as closed as staff-only.
    if any(f.access == "staff" or (f.access == "embargoed" and not f.embargo_until) for f in files):
        return "staff", None
    embargoes = [f.embargo_until for f in files if f.access == "embargoed"]
    return ("embargoed", max(embargoes)) if embargoes else ("public", None)


def _files_of(document: Document) -> list[DocumentFile]:
    return sorted(document.files.all(), key=lambda f: (f.order, f.pk))


def _stored_page_counts(stored_ids) -> Counter:
    rows = (OcrPage.objects.filter(stored_file__in=stored_ids, page__lte=F("stored_file__page_count"))
            .values_list("stored_file_id", "language"))
    return Counter(rows)


def has_current_ocr_layer(document: Document, files: list[DocumentFile], stored_pages: Counter) -> bool:
    """Whether the document's OCR layer stands for its files as they are now: every page read in
    the layer's language, one page of text per page, and the access the files call for. The text
    itself is not compared, so a layer corrected by staff counts as current."""
    layers = [layer for layer in document.text_layers.all() if layer.kind == "ocr"]
    if len(layers) != 1:
        return False
    layer = layers[0]
    if pack_for(document.original_language) and document.original_language != layer.language:
        return False
    if (layer.access, layer.embargo_until) != strictest_access(files):
        return False
    if layer.text.count(PAGE_SEPARATOR) != sum(f.stored_file.page_count for f in files) - 1:
        return False
    return all(stored_pages[(f.stored_file_id, layer.language)] >= f.stored_file.page_count for f in files)


def documents_needing_ocr() -> list[Document]:
    """Documents with scans or PDFs and no current OCR layer, in the archive's order."""
    documents = list(Document.objects.filter(files__isnull=False).distinct()
                     .prefetch_related("files__stored_file", "text_layers"))
    stored_pages = _stored_page_counts({f.stored_file_id for d in documents for f in d.files.all()})
    return [d for d in documents if not has_current_ocr_layer(d, _files_of(d), stored_pages)]


def packs_needed(documents: Iterable[Document], language: str | None) -> set[str]:
    if language:
        return {TESSERACT_PACKS[language]}
    packs = set()
    for document in documents:
        pack = pack_for(document.original_language)
        packs |= {pack} if pack else set(TESSERACT_PACKS.values())  # detection may need any of them
    return packs


def run_ocr(documents: Iterable[Document], *, language: str | None = None, force: bool = False,
            progress: bool | None = None, max_pages: int | None = None,
            on_result: Callable[[DocumentResult], None] | None = None) -> OcrReport:
    """OCR these documents' files and make their OCR layers.

    `language` (ISO 639-1) overrides each document's own; `force` reads pages again even where
    stored ones exist; `max_pages` stops the run after Tesseract has read that many pages,
    detection reads included (the next run goes on from there). Raises OcrUnavailable, before reading anything, when Tesseract or a pack the
    documents need is missing. Problems with single pages are reported in the result and do not
    stop the other documents.
    """
    documents = list(documents)
    if language is not None and language not in TESSERACT_PACKS:
        raise ValueError(f"no OCR language pack is configured for {language!r}")
    tesseract = find_tesseract(packs_needed(documents, language))
    total_pages = sum(f.stored_file.page_count for d in documents for f in d.files.select_related("stored_file"))
    show_bar = progress if progress is not None else sys.stderr.isatty()
    report = OcrReport()
    with tqdm(total=total_pages, desc="OCR", unit="page", disable=not show_bar, file=sys.stderr) as bar:
        run = _Run(tesseract, language=language, force=force, max_pages=max_pages, bar=bar)
        for document in documents:
            result = run.document(document)
            report.documents.append(result)
            if on_result:
                with tqdm.external_write_mode(file=sys.stderr):
                    on_result(result)
            if result.stopped:
                break
    return report


class _Run:
    def __init__(self, tesseract: Tesseract, *, language, force, max_pages, bar):
        self.tesseract = tesseract
        self.language = language
        self.force = force
        self.max_pages = max_pages
        self.bar = bar
        self.pages_read = 0

    @property
    def budget_spent(self) -> bool:
        return self.max_pages is not None and self.pages_read >= self.max_pages

    def document(self, document: Document) -> DocumentResult:
        result = DocumentResult(document.public_id)
        files = list(document.files.select_related("stored_file").order_by("order", "pk"))
        if not files:
            result.errors.append("no scans or PDFs are attached to it")
            return result
        result.language = self._choose_language(document, files, result)
        if result.language is None or result.stopped:
            self.bar.update(sum(f.stored_file.page_count for f in files))
            return result
        self._read_pages(files, result.language.code, result)
        if not (result.errors or result.stopped):
            self._save_layer(document, files, result)
        return result

    # Choosing the language ----------------------------------------------------------------

    def _choose_language(self, document, files, result) -> LanguageChoice | None:
        if self.language:
            return LanguageChoice(self.language, "given with --language")
        if pack_for(document.original_language):
            return LanguageChoice(document.original_language, "the document's original language")
        if not self.force:
            earlier = self._language_of_earlier_pages(files)
            if earlier:
                return earlier
        return self._detect(document, files, result)

    def _language_of_earlier_pages(self, files) -> LanguageChoice | None:
        """The language an interrupted run chose, confirmed from the pages it stored, so that
        resuming does not pay for detection again."""
        stored = OcrPage.objects.filter(stored_file__in=[f.stored_file_id for f in files], language__in=SUPPORTED_LANGUAGES)
        languages = set(stored.values_list("language", flat=True))
        if len(languages) != 1:
            return None
        code = languages.pop()
        first_pages = stored.order_by("stored_file", "page").values_list("text", flat=True)[:MAX_PAGES_FOR_DETECTION]
        detection = detect_language("\n".join(first_pages))
        if detection is None or detection.language != code:
            return None
        return LanguageChoice(code, f"detected by lingua: {detection.describe()}, from the pages read before", detection)

    def _detect(self, document, files, result) -> LanguageChoice | None:
        text = ""
        for item, number in _pages_in_order(files):
            if result.detection_pages >= MAX_PAGES_FOR_DETECTION or letter_count(text) >= MIN_LETTERS_TO_DETECT:
                break
            if self.budget_spent:
                result.stopped = True
                return None
            page = self._read_one(item.stored_file, number, combined_pack(), result)
            result.detection_pages += 1
            self.pages_read += 1
            if page is not None:
                text += "\n" + page.text
        detection = detect_language(text)
        if detection is None:
            if not result.errors:
                result.errors.append(
                    f"its language cannot be told from its first {result.detection_pages} page(s); "
                    "set the document's original language or give --language")
            return None
        return LanguageChoice(detection.language, f"detected by lingua: {detection.describe()}", detection)

    # Reading pages --------------------------------------------------------------------------

    def _read_pages(self, files, code: str, result: DocumentResult) -> None:
        pack = TESSERACT_PACKS[code]
        label = self.tesseract.label(pack)
        for item in files:
            stored = item.stored_file
            kept = {} if self.force else {
                page.page: page for page in OcrPage.objects.filter(stored_file=stored, language=code)}
            for number in range(1, stored.page_count + 1):
                if number in kept:
                    result.pages_reused += 1
                    if kept[number].confidence is not None:
                        result.confidences.append(kept[number].confidence)
                    self.bar.update(1)
                    continue
                if self.budget_spent:
                    result.stopped = True
                    return
                page = self._read_one(stored, number, pack, result)
                self.bar.update(1)
                if page is None:
                    continue
                with transaction.atomic():
                    OcrPage.objects.update_or_create(stored_file=stored, page=number, language=code, defaults={
                        "engine": label, "text": page.text, "confidence": page.confidence,
                        "words": word_boxes.pack(page.image_size, page.words) if page.image_size else None})
                result.pages_read += 1
                self.pages_read += 1
                if page.confidence is not None:
                    result.confidences.append(page.confidence)

    def _read_one(self, stored, number: int, pack: str, result: DocumentResult):
        """One page's text, or None with the problem, naming the file and page, in the result."""
        started = time.monotonic()
        try:
            # Opened for each page: that costs milliseconds against Tesseract's half second, and a
            # damaged file then fails page by page, each named, instead of as a whole.
            with PageImages(stored) as images:
                return self.tesseract.read(images.image(number).convert("L"), pack)
        except OcrUnavailable:
            raise
        except Exception as error:  # image libraries raise many kinds for a damaged page
            result.errors.append(f"{stored.original_name} p. {number}: {error}")
            return None
        finally:
            result.seconds_reading += time.monotonic() - started

    # Making the layer -------------------------------------------------------------------------

    def _save_layer(self, document: Document, files, result: DocumentResult) -> None:
        code = result.language.code
        stored = {(page.stored_file_id, page.page): page
                  for page in OcrPage.objects.filter(stored_file__in=[f.stored_file_id for f in files], language=code)}
        pages = [stored[(item.stored_file_id, number)] for item, number in _pages_in_order(files)]
        # Pages kept from an earlier run may come from an earlier Tesseract: name every engine.
        made_by = list(dict.fromkeys(page.engine for page in pages))
        if result.language.evidence:
            made_by.append(result.language.evidence)
        access, embargo_until = strictest_access(files)
        wanted = {
            "language": code,
            "made_by": "; ".join(made_by)[:255],
            "text": PAGE_SEPARATOR.join(page.text for page in pages),
            "access": access,
            "embargo_until": embargo_until,
        }
        result.layer_access = access
        with collecting(f"read by OCR ({code})", from_signals=False) as changes:
            layers = list(document.text_layers.filter(kind="ocr").order_by("order", "pk"))
            if len(layers) == 1 and all(getattr(layers[0], name) == value for name, value in wanted.items()):
                result.layer = "unchanged"
                return
            if layers:
                layer = layers[0]
                for extra in layers[1:]:  # one OCR layer a document: the viewer pairs it with the scans
                    extra.delete()
            else:
                last = document.text_layers.aggregate(last=Max("order"))["last"]
                layer = TextLayer(document=document, kind="ocr", order=0 if last is None else last + 1)
            for name, value in wanted.items():
                setattr(layer, name, value)
            layer.save()
            # The change service re-indexes the document within this transaction, so the index never
            # lags behind the layer, and queues its markers and name links.
            changes.add([document.pk])
            snapshot(Document.objects.filter(pk=document.pk).prefetch_related(*DOCUMENT_PARTS),
                     comment=f"{MACHINE_READ_COMMENT}{wanted['made_by']}")
        result.layer = "replaced" if layers else "created"


def _pages_in_order(files):
    for item in files:
        for number in range(1, item.stored_file.page_count + 1):
            yield item, number
