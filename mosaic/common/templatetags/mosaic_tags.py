from django import template

from mosaic.lib.partial_dates import InvalidDate, PartialDate

register = template.Library()


@register.filter
def date_display(value: str) -> str:
    """ "1956-07-24" → "July 24, 1956"; "1956" stays "1956" (the precision the date has)."""
    try:
        return PartialDate.parse(value).display() if value else "Undated"
    except InvalidDate:
        return value
