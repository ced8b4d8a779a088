"""Registering deliveries: choose an activity, register, edit, delete (kept in history); the list
and its export: list_views.py."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from helhedsplan.accounts.access import PlanAccess, get_plan_for_user
from helhedsplan.core.change_words import last_change
from helhedsplan.core.once import TOKEN_FIELD, AlreadySubmitted, one_time_form, spent
from helhedsplan.core.versions import changed_fields, version_of
from helhedsplan.plans.models import Activity
from helhedsplan.registrations.forms import TICKED_IN_ADVANCE_HELP, DeleteForm, RegistrationForm
from helhedsplan.registrations.models import Participant, Registration
from helhedsplan.registrations.services import (
    RegistrationInput,
    RegistrationRefused,
    check_registration,
    delete_registration,
    duplicate_words,
    is_empty_event,
    likely_duplicate,
    save_registration,
    split_codes,
    ticked_in_advance,
)


def _writable_access(request, slug) -> PlanAccess:
    access = get_plan_for_user(request, slug)
    if not access.can_write:
        raise Http404("Du kan ikke registrere i denne plan.")
    return access


def _registration_for(access: PlanAccess, pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.visible_to(access).select_related("activity", "registered_by"), pk=pk
    )


def _known_codes(activity) -> list[str]:
    return list(
        Participant.objects.filter(links__registration__activity=activity)
        .values_list("code", flat=True)
        .distinct()
        .order_by("code")[:300]
    )


def _input_from(form: RegistrationForm) -> RegistrationInput:
    # .get throughout: an invalid form is still checked against the rules (see _show_all_errors).
    data = form.cleaned_data
    typed = split_codes(data.get("codes", ""))
    codes = typed + [code for code in data.get("known_codes", []) if code not in typed]
    return RegistrationInput(
        activity=form.activity,
        date=data["date"],
        end_date=data.get("end_date"),
        kind=data["kind"],
        count=data.get("count") or 0,
        participants=data.get("participants"),
        completed=data.get("completed"),
        criteria=list(data.get("criteria", [])),
        sub_activity=data.get("sub_activity"),
        codes=codes,
        completed_codes=split_codes(data.get("completed_codes", "")),
        age_band=data.get("age_band", ""),
        area=data.get("area"),
        gender=data.get("gender", ""),
        note=data.get("note", ""),
    )


def _show_all_errors(form: RegistrationForm, plan) -> None:
    """When the form itself refuses a field, still name every other rule broken, at once."""
    # An empty POST leaves the form unbound (request.POST or None): nothing to check, no 500.
    if not form.is_bound or "date" not in form.cleaned_data or "kind" not in form.cleaned_data:
        return
    for name, texts in check_registration(plan, _input_from(form)).items():
        if name in form.fields and name not in form.errors:
            for text in texts:
                form.add_error(name, text)


EMPTY_EVENT = (
    "Arrangementet har hverken deltagere eller deltagerkoder, så det tæller ikke med i "
    "deltagertallene. Skriv antallet i «Deltagere», eller sæt kryds ved «Gem alligevel» nederst, "
    "hvis ingen deltog."
)


def _save_form(request, access, form, *, instance=None):
    """Save through the shared rules; put their messages on the form. The saved one, or None."""
    data = _input_from(form)
    # Asked by the form only (the import and the API save what they are sent), and on an edit
    # only when the edit empties it: a registration saved empty was confirmed once already.
    was_empty = instance is not None and not instance.participants and not instance.links.exists()
    if (
        is_empty_event(data)
        and not was_empty
        and not form.cleaned_data.get("confirm_no_participants")
        and not check_registration(access.plan, data)
    ):
        form.add_error(None, EMPTY_EVENT)
        form.needs_empty_confirmation = True
        # Both questions at once, when it is also like one that exists.
        twin = (
            None
            if form.cleaned_data.get("confirm_duplicate")
            else likely_duplicate(
                access.plan,
                data,
                organisation_id=instance.organisation_id if instance else access.organisation_id,
                exclude_id=instance.id if instance else None,
            )
        )
        if twin is not None:
            form.add_error(None, duplicate_words(twin))
            form.needs_confirmation = True
            form.duplicate = twin
        return None
    try:
        return save_registration(
            access.plan,
            data,
            user=request.user,
            organisation_id=access.organisation_id,
            instance=instance,
            confirmed_duplicate=form.cleaned_data["confirm_duplicate"],
        )
    except RegistrationRefused as refused:
        for name, texts in refused.errors.items():
            field = name if name in form.fields else None
            for text in texts:
                form.add_error(field, text)
        form.needs_confirmation = refused.needs_confirmation
        form.duplicate = refused.duplicate
        return None


_TOKEN_TEXT = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


def posted_token_of(text: str | None) -> str:
    """A one-time token from a query string, or "" when it does not look like one."""
    text = (text or "").strip()
    return text if _TOKEN_TEXT.match(text) else ""


def _not_kept(response):
    """A form page the browser must not keep: from the back button it is fetched anew (and
    registrations/form.js puts back the token the page was sent with), never shown from the
    cache with a token that looks unused."""
    patch_cache_control(response, no_store=True, private=True)
    return response


def _already_saved(request, sent: AlreadySubmitted, slug, key):
    """A new-registration form sent again (the back button, a second click): nothing saved, and
    the page says so, with a link to what the first sending saved."""
    access = _writable_access(request, slug)
    activity = get_object_or_404(Activity.objects.for_plan(access.plan), key=key)
    context = {
        "access": access,
        "plan": access.plan,
        "activity": activity,
        "result_url": sent.url,
        "registration": _registration_at(access, sent.url),
    }
    return _not_kept(render(request, "registrations/already_saved.html", context))


def _registration_at(access, url: str):
    """The registration whose page `url` is (a result URL kept with the token), if visible."""
    try:
        match = resolve(url) if url else None
    except Resolver404:
        return None
    if match is None or match.view_name != "registrations:detail":
        return None
    return Registration.objects.visible_to(access).filter(pk=match.kwargs.get("pk")).first()


@login_required
@one_time_form(answer=_already_saved)
def create(request, slug, key):
    access = _writable_access(request, slug)
    activity = get_object_or_404(Activity.objects.for_plan(access.plan), key=key)
    if not access.may_register_for(activity):
        raise Http404("Du kan ikke registrere for denne aktivitet.")
    kind = Registration.Kind.EVENT
    form = RegistrationForm(
        request.POST or None,
        activity=activity,
        known_codes=_known_codes(activity),
        organisation_id=access.organisation_id,
        initial={
            # Today, or the plan's last day once the plan has ended.
            "date": min(timezone.localdate(), access.plan.end),
            "kind": kind,
        },
    )
    # Ticked in advance: only what this type counts toward and this organisation delivers
    # (services.ticked_in_advance); form.js ticks again when the type is changed.
    counts_for = ticked_in_advance(
        form.fields["criteria"].queryset, organisation_id=access.organisation_id
    )
    form.fields["criteria"].widget.counts_for = counts_for
    form.fields["criteria"].help_text += TICKED_IN_ADVANCE_HELP
    form.initial["criteria"] = [pk for pk, kinds in counts_for.items() if kind in kinds]
    # The page shown again from the browser's history: form.js asks with the token it was sent
    # with (?sendt=), and the page says at once that it was saved, linking to the result; the form
    # keeps that token, so "Gem" saves nothing new.
    sent_token = posted_token_of(request.GET.get("sendt")) if request.method == "GET" else ""
    sent_before = spent(sent_token, request.user) if sent_token else None
    if sent_token:
        form.initial[TOKEN_FIELD] = sent_token
    if request.method == "POST" and not form.is_valid():
        _show_all_errors(form, access.plan)
    elif request.method == "POST":
        with form.once(request.user) as submission:
            registration = _save_form(request, access, form)
            if registration:
                # The registration itself is what a second sending links to, also after
                # "Gem og registrér en til".
                submission.done(reverse("registrations:detail", args=[slug, registration.pk]))
        if registration:
            messages.success(request, f"Registreringen er gemt ({registration}).")
            if "save_another" in request.POST:
                return redirect("registrations:create", slug=slug, key=key)
            return redirect("registrations:detail", slug=slug, pk=registration.pk)
    return _not_kept(
        render(
            request,
            "registrations/form.html",
            {
                "access": access,
                "plan": access.plan,
                "activity": activity,
                "form": form,
                "sent_before": sent_before,
                "saved_before": _registration_at(access, sent_before or ""),
            },
        )
    )


@login_required
def edit(request, slug, pk):
    access = _writable_access(request, slug)
    registration = _registration_for(access, pk)
    if not access.may_change(registration):
        raise Http404("Du kan ikke ændre denne registrering.")
    initial = _edit_values(registration)
    form = RegistrationForm(
        request.POST or None,
        activity=registration.activity,
        known_codes=_known_codes(registration.activity),
        organisation_id=access.organisation_id,
        initial=initial,
        what="registreringen",
        read_values=initial,
    )
    saved = None
    if request.method == "POST" and not form.is_valid():
        _show_all_errors(form, access.plan)
    elif request.method == "POST":
        with transaction.atomic():
            locked = form.versions.lock(
                Registration.objects.filter(pk=registration.pk), _edit_values
            )
            if locked is not None:
                saved = _save_form(request, access, form, instance=locked)
        if saved:
            messages.success(request, "Ændringen er gemt.")
            return redirect("registrations:detail", slug=slug, pk=saved.pk)
    context = {
        "access": access,
        "plan": access.plan,
        "activity": registration.activity,
        "form": form,
        "registration": registration,
    }
    return _not_kept(render(request, "registrations/form.html", context))


# The fields the registration form adds per activity, named as the form names them.
FIELD_WORDS = {"criteria": "Succeskriterier", "sub_activity": "Delaktivitet"}


def _changed_since_read(form: DeleteForm, current: Registration) -> bool:
    """True, with the form saying what and by whom, when the registration was changed after the
    delete page was read; the form then holds the new version, so a second click deletes
    knowingly. A post without a version (an old page) is not checked."""
    read = form.cleaned_data["version"]
    values = _edit_values(current)
    now = version_of(values)
    if not read or read == now:
        return False
    fields_of_form = RegistrationForm.base_fields
    labels = {
        name: getattr(fields_of_form.get(name), "label", None) or FIELD_WORDS.get(name, name)
        for name in values
    }
    fields = ", ".join(f"«{labels[name]}»" for name in changed_fields(read, values))
    who = last_change(current)
    form.add_error(
        None,
        f"Ikke slettet: {who.who or 'en anden'} har ændret registreringen{who.when_text}, efter "
        f"du åbnede siden ({fields}). Se den igennem herover, og slet igen, hvis den stadig skal "
        "slettes.",
    )
    form.data = form.data.copy()
    form.data["version"] = now
    return True


def _edit_values(registration: Registration) -> dict:
    """The registration as its form shows it: what a save is checked against."""
    links = list(registration.links.select_related("participant").order_by("id"))
    return {
        "date": registration.date,
        "end_date": registration.end_date,
        "kind": registration.kind,
        "count": registration.count,
        "participants": registration.participants,
        "completed": registration.completed,
        "criteria": list(registration.criteria.all()),
        "sub_activity": registration.sub_activity,
        "codes": "\n".join(link.participant.code for link in links),
        "completed_codes": "\n".join(link.participant.code for link in links if link.completed),
        "note": registration.note,
    }


@login_required
def detail(request, slug, pk):
    access = get_plan_for_user(request, slug).require_registration_reader()
    registration = _registration_for(access, pk)
    history = registration.history.select_related("history_user").order_by("-history_date")
    context = {
        "access": access,
        "plan": access.plan,
        "registration": registration,
        "criteria": registration.criteria.all(),
        "links": registration.links.select_related("participant", "participant__area")
        if access.sees_participant_codes
        else None,
        "history": history,
        "may_change": access.may_change(registration),
    }
    return render(request, "registrations/detail.html", context)


@login_required
def delete(request, slug, pk):
    access = _writable_access(request, slug)
    registration = _registration_for(access, pk)
    if not access.may_change(registration):
        raise Http404("Du kan ikke slette denne registrering.")
    form = DeleteForm(
        request.POST or None, initial={"version": version_of(_edit_values(registration))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                locked = Registration.objects.select_for_update().filter(pk=registration.pk).first()
                if locked is None:
                    messages.info(request, "Registreringen var allerede slettet.")
                    return redirect("registrations:index", slug=slug)
                if _changed_since_read(form, locked):
                    registration = locked  # the page now shows it as it is
                else:
                    delete_registration(locked, reason=form.cleaned_data["reason"])
                    messages.success(
                        request, "Registreringen er slettet. Den findes fortsat i historikken."
                    )
                    return redirect("registrations:index", slug=slug)
        except RegistrationRefused as refused:
            for texts in refused.errors.values():
                for text in texts:
                    form.add_error(None, text)
    context = {"access": access, "plan": access.plan, "registration": registration, "form": form}
    return render(request, "registrations/delete.html", context)
