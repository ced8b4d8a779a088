"""The beredskab plan pages: who is in it and how to reach them, what is not ready, the contact
sheet; the secretariat keeps the people up to date."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from helhedsplan.core import formats
from helhedsplan.core.once import one_time_form
from helhedsplan.preparedness.access import get_preparedness_access
from helhedsplan.preparedness.models import Contact
from helhedsplan.preparedness.plan_forms import ContactForm
from helhedsplan.preparedness.services import ensure_contacts, readiness
from helhedsplan.preparedness.sheet import contact_groups, sheet_pdf

# The kinds the secretariat may add, by their Danish path segment.
NEW_KINDS = {
    "medlem": Contact.Kind.MEMBER,
    "suppleant": Contact.Kind.DEPUTY,
    "presse": Contact.Kind.PRESS,
    "ressource": Contact.Kind.RESOURCE,
}
NEW_TITLES = {
    Contact.Kind.MEMBER: "Tilføj et medlem af beredskabsstyregruppen",
    Contact.Kind.DEPUTY: "Tilføj en suppleant",
    Contact.Kind.PRESS: "Tilføj en pressekontakt",
    Contact.Kind.RESOURCE: "Tilføj en ad hoc-ressource",
}


# One line per kind of gap at the top of the page (one, several); the full list folds out beneath.
GAP_SUMMARY = {
    "members_missing": ("Beredskabsstyregruppen har ingen medlemmer", ""),
    "phone_missing": ("1 person mangler telefonnummer", "{n} personer mangler telefonnummer"),
    "deputy_missing": ("1 medlem har ingen suppleant", "{n} medlemmer har ingen suppleant"),
    "confirmation_missing": (
        "Oplysningerne om 1 person er ikke bekræftet",
        "Oplysningerne om {n} personer er ikke bekræftet",
    ),
    "confirmation_old": (
        "Oplysningerne om 1 person er ikke bekræftet i 12 måneder",
        "Oplysningerne om {n} personer er ikke bekræftet i 12 måneder",
    ),
    "status_meeting_missing": ("Det årlige statusmøde mangler", ""),
    "evaluation_missing": (
        "1 aktivering mangler evaluering",
        "{n} aktiveringer mangler evaluering",
    ),
}


def summarise(gaps) -> list[str]:
    counts: dict[str, int] = {}
    for gap in gaps:
        counts[gap.code] = counts.get(gap.code, 0) + 1
    return [
        (
            GAP_SUMMARY[code][0] if n == 1 or not GAP_SUMMARY[code][1] else GAP_SUMMARY[code][1]
        ).format(n=n)
        for code, n in counts.items()
    ]


def _editor_access(request, slug):
    beredskab = get_preparedness_access(request, slug)
    if not beredskab.may_edit_plan:
        # A 404 like a page that does not exist: keeping the people is the secretariat's job.
        raise Http404("Siden findes ikke.")
    return beredskab


def _url_or_none(name: str, slug: str) -> str | None:
    # The activation pages are built alongside these; link to them only once they exist.
    try:
        return reverse(name, args=[slug])
    except NoReverseMatch:
        return None


@login_required
def overview(request, slug):
    beredskab = get_preparedness_access(request, slug)
    plan = beredskab.plan
    section = plan.preparedness or {}
    gaps = readiness(plan, timezone.localdate())
    return render(
        request,
        "preparedness/plan_overview.html",
        {
            "access": beredskab.access,
            "beredskab": beredskab,
            "plan": plan,
            "gaps": gaps,
            # Loaded before the people came at load: the secretariat fetches them (a POST).
            "contacts_missing": not Contact.objects.filter(plan=plan).exists()
            and plan.bodies.filter(kind="preparedness", members__isnull=False).exists(),
            "gap_summary": summarise(gaps),
            "coordinating_level": section.get("coordinating_level", ""),
            "executing_level": section.get("executing_level", ""),
            "activations_url": _url_or_none("preparedness_activation:index", plan.slug),
            "activate_url": _url_or_none("preparedness_activation:new", plan.slug)
            if beredskab.may_activate
            else None,
            **contact_groups(plan),
        },
    )


def _copy(contact: Contact, data: dict) -> None:
    for field in ("role", "organisation", "name", "phone", "email", "user", "confirmed_on"):
        setattr(contact, field, data[field])
    contact.note = data["note"]
    if "deputy_for" in data:
        contact.deputy_for = data["deputy_for"]


def _overview(request, beredskab, *args, **kwargs):
    return reverse("preparedness_plan:overview", args=[beredskab.plan.slug])


@one_time_form(fallback=_overview)
def _contact_form_view(request, beredskab, contact: Contact, title: str, initial=None):
    plan = beredskab.plan
    form = ContactForm(
        request.POST or None,
        plan=plan,
        kind=contact.kind,
        contact=contact if contact.pk else None,
        initial=initial,
        what=f"oplysningerne om {contact.name or contact.role}" if contact.pk else "",
    )
    overview = reverse("preparedness_plan:overview", args=[plan.slug])
    if request.method == "POST" and form.is_valid():
        confirm = "confirm" in request.POST
        saved = None
        with form.once(request.user) as sent:
            if form.versions is not None:
                saved = form.versions.lock(Contact.objects.filter(pk=contact.pk), _contact_values)
            else:
                saved = contact
            if saved is not None:
                _copy(saved, form.cleaned_data)
                if confirm:
                    saved.confirmed_on = timezone.localdate()
                saved.save()
                sent.done(overview)
        if saved is not None:
            messages.success(
                request,
                "Oplysningerne er gemt og bekræftet i dag."
                if confirm
                else "Oplysningerne er gemt.",
            )
            return redirect(overview)
    return render(
        request,
        "preparedness/plan_contact_form.html",
        {
            "access": beredskab.access,
            "beredskab": beredskab,
            "plan": plan,
            "form": form,
            "contact": contact,
            "title": title,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def contact_edit(request, slug, pk):
    beredskab = _editor_access(request, slug)
    contact = get_object_or_404(Contact, plan=beredskab.plan, pk=pk)
    title = f"Ret {contact.name or contact.role}"
    return _contact_form_view(request, beredskab, contact, title, _contact_values(contact))


def _contact_values(contact: Contact) -> dict:
    """The contact as its form shows it: what a save is checked against."""
    return {
        "role": contact.role,
        "organisation": contact.organisation_id,
        "name": contact.name,
        "phone": contact.phone,
        "email": contact.email,
        "deputy_for": contact.deputy_for_id,
        "user": contact.user_id,
        "confirmed_on": contact.confirmed_on,
        "note": contact.note,
    }


@login_required
def contact_new(request, slug, kind):
    beredskab = _editor_access(request, slug)
    if kind not in NEW_KINDS:
        raise Http404("Siden findes ikke.")
    plan = beredskab.plan
    kind = NEW_KINDS[kind]
    last = Contact.objects.filter(plan=plan).aggregate(last=Max("order"))["last"]
    contact = Contact(
        plan=plan,
        kind=kind,
        level=Contact.Level.EXECUTING
        if kind == Contact.Kind.RESOURCE
        else Contact.Level.COORDINATING,
        order=0 if last is None else last + 1,
    )
    initial = {}
    if kind == Contact.Kind.DEPUTY and request.GET.get("for", "").isdigit():
        initial["deputy_for"] = int(request.GET["for"])
    return _contact_form_view(request, beredskab, contact, NEW_TITLES[kind], initial)


@login_required
@require_POST
def contacts_from_plan(request, slug):
    """A plan loaded before the beredskab got its people at load (signals.py): the secretariat
    makes them from the plan's preparedness bodies here, once."""
    beredskab = get_preparedness_access(request, slug)
    if not beredskab.may_edit_plan:
        raise Http404("Kun sekretariatet.")
    made = ensure_contacts(beredskab.plan)
    messages.success(request, f"{formats.number(made)} personer er hentet fra planens organer.")
    return redirect("preparedness_plan:overview", slug)


@login_required
def sheet(request, slug):
    beredskab = get_preparedness_access(request, slug)
    plan = beredskab.plan
    response = HttpResponse(sheet_pdf(plan, timezone.localdate()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="beredskab-kontaktark-{plan.slug}.pdf"'
    return response
