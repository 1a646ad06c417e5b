"""Tesseract, run as a program: finding it, checking its language packs, reading one page.

Debian's `tesseract` binary is called directly (no Python wrapper), one page image at a time, with
page segmentation mode 6 (one uniform block of text), which suits typescript better than the
automatic layout analysis that breaks typed lines at uneven word spacing.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image

from mosaic.lib.ocr_languages import debian_package
from mosaic.ocr.word_boxes import Word

PAGE_SEGMENTATION_MODE = 6
INSTALL_SCRIPT = "scripts/install-ocr.sh"
# Far above the seconds a page takes; only a hung process ever reaches it.
PAGE_TIMEOUT_SECONDS = 300


class OcrUnavailable(RuntimeError):
    """Tesseract or a language pack is missing; the message says what to install."""


class PageUnreadable(RuntimeError):
    """Tesseract could not read one page image."""


@dataclass(frozen=True)
class PageText:
    text: str
    confidence: float | None  # mean word confidence, 0–100; None when no word was read
    # Where each word stands on the image Tesseract read, and that image's size in pixels.
    words: tuple[Word, ...] = ()
    image_size: tuple[int, int] | None = None


def install_hint(packages: list[str]) -> str:
    return f"run {INSTALL_SCRIPT} as root, or apt-get install {' '.join(packages)}"


@dataclass(frozen=True)
class Tesseract:
    binary: str
    version: str  # "5.3.0"
    packs: frozenset[str]

    def label(self, pack: str) -> str:
        """What read a page, as OCR pages and layers record it: "Tesseract 5.3.0 (rus, psm 6)"."""
        return f"Tesseract {self.version} ({pack}, psm {PAGE_SEGMENTATION_MODE})"

    def require(self, packs) -> None:
        missing = sorted(set(packs) - self.packs)
        if missing:
            raise OcrUnavailable(
                f"Tesseract has no language pack for {', '.join(missing)}: "
                + install_hint([debian_package(pack) for pack in missing])
            )

    def read(self, image: Image.Image, pack: str) -> PageText:
        """OCR one page image with the given pack (or `+`-joined packs)."""
        with tempfile.TemporaryDirectory(prefix="mosaic-ocr-") as folder:
            source, output = Path(folder) / "page.png", Path(folder) / "page"
            dpi = image.info.get("dpi")
            # Tesseract sizes its expectations of letters by the resolution; without one it guesses.
            image.save(source, format="PNG", compress_level=1, **({"dpi": dpi} if dpi else {}))
            command = [self.binary, str(source), str(output), "-l", pack, "--psm", str(PAGE_SEGMENTATION_MODE), "txt", "tsv"]
            try:
                finished = subprocess.run(command, capture_output=True, text=True, timeout=PAGE_TIMEOUT_SECONDS,
                                          env=_environment())
            except subprocess.TimeoutExpired:
                raise PageUnreadable(f"Tesseract took over {PAGE_TIMEOUT_SECONDS} s and was stopped") from None
            except OSError as error:
                raise OcrUnavailable(f"Tesseract cannot be run ({error}): {install_hint(['tesseract-ocr'])}") from None
            if finished.returncode != 0:
                raise PageUnreadable(f"Tesseract failed: {_last_line(finished.stderr)}")
            # Tesseract ends each page with a form feed; the layer uses form feeds between pages.
            text = output.with_suffix(".txt").read_text(encoding="utf-8").replace("\f", "").strip()
            image_size, words = read_words(output.with_suffix(".tsv"))
            return PageText(text, mean_word_confidence(words), words, image_size or image.size)


def read_words(tsv: Path) -> tuple[tuple[int, int] | None, tuple[Word, ...]]:
    """The size of the page image (Tesseract's page row) and its words with their boxes, in
    reading order; each word's line is numbered across the page, from 0."""
    size, words, lines = None, [], {}
    with open(tsv, encoding="utf-8", newline="") as handle:
        # Words can hold quote characters: read the columns as Tesseract writes them, unquoted.
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["level"] == "1":
                size = (int(row["width"]), int(row["height"]))
            text = (row.get("text") or "").strip()
            if row["level"] != "5" or float(row["conf"]) < 0 or not text:
                continue
            line = lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), len(lines))
            words.append(Word(text, int(row["left"]), int(row["top"]), int(row["width"]), int(row["height"]),
                              float(row["conf"]), line))
    return size, tuple(words)


def mean_word_confidence(words) -> float | None:
    confidences = [word.confidence for word in words]
    return round(sum(confidences) / len(confidences), 1) if confidences else None


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    # Tesseract's own threads cost more than they save on one page: on two cores a page took
    # 2.6 s with them and 0.5 s without.
    environment.setdefault("OMP_THREAD_LIMIT", "1")
    return environment


def _last_line(text: str) -> str:
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def find_tesseract(packs=()) -> Tesseract:
    """The installed Tesseract, checked to have these packs; OcrUnavailable says what to install.

    The binary is `settings.MOSAIC_TESSERACT` when set (a path or a name on PATH), else `tesseract`.
    """
    wanted = getattr(settings, "MOSAIC_TESSERACT", "") or "tesseract"
    binary = shutil.which(wanted)
    if binary is None:
        raise OcrUnavailable(
            f'Tesseract is not installed (no "{wanted}" found): '
            + install_hint(["tesseract-ocr", *(debian_package(pack) for pack in sorted(set(packs)))])
        )
    tesseract = Tesseract(binary, _version(binary), _installed_packs(binary))
    tesseract.require(packs)
    return tesseract


def _run_for_output(binary: str, *arguments: str) -> str:
    try:
        finished = subprocess.run([binary, *arguments], capture_output=True, text=True, timeout=60, env=_environment())
    except (OSError, subprocess.TimeoutExpired) as error:
        raise OcrUnavailable(f"{binary} cannot be run ({error}): {install_hint(['tesseract-ocr'])}") from None
    if finished.returncode != 0:
        raise OcrUnavailable(f"{binary} {' '.join(arguments)} failed ({_last_line(finished.stderr)}): "
                             f"{install_hint(['tesseract-ocr'])}")
    # Older releases wrote these answers to stderr.
    return finished.stdout or finished.stderr


def _version(binary: str) -> str:
    first_line = _run_for_output(binary, "--version").splitlines()[0]
    return first_line.split()[-1].lstrip("v")


def _installed_packs(binary: str) -> frozenset[str]:
    lines = _run_for_output(binary, "--list-langs").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())
