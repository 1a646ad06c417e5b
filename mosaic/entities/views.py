from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from mosaic.common.numbers import parse_number
from mosaic.corpus import access
from mosaic.entities.charts import year_chart
from mosaic.entities.house_style import house_form
from mosaic.entities.linking import name_check, unknown_names
from mosaic.entities.models import AuthorityTerm, Person
from mosaic.entities.new_person import NewPersonForm, add_person
from mosaic.entities.person_page import hangul_spellings, page_parameter, rendering_groups, role_sections, year_counts
from mosaic.lib.vocabularies import AGENT_ROLES


def person_list(request):
    return render(request, "entities/person_list.html", {"people": Person.objects.all()})


def person_page(request, person_id):
    """Who the person was (life, biography, offices), their documents per year and by role,
    then every rendering of their name."""
    person = get_object_or_404(Person, person_id=person_id)
    pages = {role: parse_number(request.GET.get(page_parameter(role))) or 1 for role in AGENT_ROLES}
    sections, per_year = role_sections(person, request.user, pages)
    for section in sections:
        section.previous_url = _page_url(request, section, section.page - 1) if section.page > 1 else ""
        section.next_url = _page_url(request, section, section.page + 1) if section.page < section.pages else ""
    dated, undated = year_counts(per_year)
    context = {
        "person": person, "house_form": house_form(person),
        "offices": list(person.offices.all()),
        "sources": person.biography_source_list(),
        "chart": year_chart(dated), "undated": undated,
        "sections": sections,
        "renderings": rendering_groups(person),
        "spellings": hangul_spellings(person),
    }
    return render(request, "entities/person.html", context)


def _page_url(request, section, page: int) -> str:
    """The same person page with one role's list at another page, the other lists where they were."""
    query = request.GET.copy()
    if page > 1:
        query[section.parameter] = str(page)
    else:
        query.pop(section.parameter, None)
    return f"?{query.urlencode()}#role-{section.role}" if query else f"{request.path}#role-{section.role}"


def name_check_page(request, public_id):
    """Staff: renderings in a document's translations that differ from the house style, and the
    names the authority does not know, each with a form that adds the person."""
    document = get_object_or_404(access.visible_documents(request.user), public_id=public_id)
    suggestions = name_check(document, request.user, house_form)
    unknown = [{**name, "form": NewPersonForm(auto_id=False, initial={"written": name["written"], "language": name["language"],
                                                       "document": document.public_id,
                                                       "display_name": name["written"]})}
               for name in unknown_names(document, request.user)]
    return render(request, "entities/name_check.html", {"document": document, "suggestions": suggestions,
                                                        "unknown": unknown,
                                                        "can_add": request.user.has_perm("entities.add_person")})


@permission_required("entities.add_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def new_person_page(request):
    """Staff: a person the authority lacks, added in one step from the name as a document wrote it."""
    form = NewPersonForm(request.POST or None, initial=request.GET.dict() if request.method == "GET" else None,
                         user=request.user)
    if request.method == "POST" and form.is_valid():
        person = add_person(form.cleaned_data)
        messages.success(request, gettext("%(name)s was added to the name authority as %(id)s; the names in %(document)s "
                                          "will be read again by the background worker.")
                         % {"name": person.display_name, "id": person.person_id, "document": form.cleaned_data["document"].public_id})
        return redirect("pages:person", person_id=person.person_id)
    return render(request, "entities/new_person.html", {"form": form})


def term_page(request, term_id):
    term = get_object_or_404(AuthorityTerm, term_id=term_id)
    forms: dict[str, list] = {}
    for variant in term.variants.all():
        forms.setdefault(variant.language or "—", []).append(variant)
    return render(request, "entities/term.html", {"term": term, "forms": forms})


def term_list(request):
    return render(request, "entities/term_list.html", {"terms": AuthorityTerm.objects.all()})
