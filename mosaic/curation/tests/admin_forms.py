"""Post a staff form the way a browser would: every field as the page rendered it, changed
only where the test says so."""


def form_data(response) -> dict:
    """The values a browser would submit for the admin change form in this response."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
                continue
            if isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(v) for v in value]
                continue
            data[bound.html_name] = value if isinstance(value, str) else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data
