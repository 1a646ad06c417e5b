from django.apps import AppConfig


class OcrConfig(AppConfig):
    name = "mosaic.ocr"
    verbose_name = "OCR of untranslated scans"
