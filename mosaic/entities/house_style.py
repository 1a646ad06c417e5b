"""The archive's house style for Korean names (settings.MOSAIC_NAME_STYLE).

- "rr_mr" (default): RR given name after the traditional surname, MR without marks in brackets,
  as NKIDP translations write them: "Pak Seong-cheol [Pak Song Chol]".
- "dprk": the DPRK's own romanization ("Kim Il Sung", "Jong Jun Thaek").
- "mr": McCune–Reischauer with marks ("Pak Sŏng-ch'ŏl"); "mr_plain": without them.
"""
from __future__ import annotations

from django.conf import settings

from mosaic.lib.names import renderings

STYLES = ("rr_mr", "dprk", "mr", "mr_plain")


def house_form(person, style: str | None = None) -> str:
    style = style or getattr(settings, "MOSAIC_NAME_STYLE", "rr_mr")
    if style not in STYLES:
        raise ValueError(f"MOSAIC_NAME_STYLE must be one of {', '.join(STYLES)}, not {style!r}")
    if not person.hangul:
        return person.display_name
    forms = renderings(person.hangul, person.hanja)
    first = {system: (values[0] if values else "") for system, values in forms.items()}
    if style == "rr_mr":
        mr_plain = first.get("mr_plain", "")
        surname = mr_plain.split(" ")[0] if mr_plain else ""
        rr_given = " ".join(first.get("rr", "").split(" ")[1:])
        if not (surname and rr_given):
            return mr_plain or person.mr
        rr = f"{surname} {rr_given}"
        return rr if rr.replace("-", " ").casefold() == mr_plain.replace("-", " ").casefold() else f"{rr} [{mr_plain}]"
    return first.get(style) or person.mr
