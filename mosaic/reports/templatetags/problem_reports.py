from django import template

from mosaic.reports.forms import ProblemReportForm

register = template.Library()


@register.inclusion_tag("reports/problem_report_form.html", takes_context=True)
def problem_report_form(context, document, form=None, expanded=False):
    """The collapsible report form for `document`: empty on the document page, with the reader's
    text and the errors when a post is sent back."""
    return {
        "document": document,
        "form": form or ProblemReportForm(),
        "expanded": expanded or bool(form and form.errors),
        # An inclusion tag renders in a fresh context: the token must be handed over.
        "csrf_token": context.get("csrf_token"),
    }
