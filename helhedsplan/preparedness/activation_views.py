"""The activation pages: the list with statistics, activating, and one activation with its call
list, action items, information to residents, press note, timeline, closing and evaluation.
Built for a phone in the first minutes of a crisis: one tap per step, each step logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from helhedsplan.core.once import one_time_form
from helhedsplan.preparedness import activations as steps
from helhedsplan.preparedness.access import get_preparedness_access
from helhedsplan.preparedness.activation_forms import (
    ActionForm,
    ActivateForm,
    CallForm,
    EvaluationForm,
    MeetingForm,
    PressNoteForm,
    ResidentInfoForm,
)
from helhedsplan.preparedness.activation_stats import activation_stats
from helhedsplan.preparedness.models import ActionItem, Activation, CallEntry


def _require_activator(access):
    if not access.may_activate:
        raise PermissionDenied("Kun beredskabsstyregruppens medlemmer og sekretariatet.")


@login_required
def index(request, slug):
    access = get_preparedness_access(request, slug)
    plan = access.plan
    activation_list = list(Activation.objects.filter(plan=plan).select_related("area"))
    for activation in activation_list:
        activation.evaluation_missing = steps.evaluation_missing(activation)
    return render(
        request,
        "preparedness/activation_list.html",
        {
            "access": access.access,
            "beredskab": access,
            "plan": plan,
            "activations": activation_list,
            "stats": activation_stats(plan),
        },
    )


@login_required
@one_time_form
def new(request, slug):
    access = get_preparedness_access(request, slug)
    _require_activator(access)
    plan = access.plan
    form = ActivateForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # A second tap on "Aktivér" in a crisis must not start a second activation.
            with form.once(request.user) as sent:
                result = steps.activate(
                    plan=plan,
                    user=request.user,
                    incident_type=data["incident_type"],
                    description=data["description"],
                    occurred_at=data["occurred_at"],
                    area=data["area"],
                    address=data["address"],
                    requested_by_police=data["requested_by_police"],
                )
                sent.done(
                    reverse(
                        "preparedness_activation:detail", args=[plan.slug, result.activation.pk]
                    )
                )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Beredskabet er aktiveret. Ring til personerne på listen.")
            if result.place.message:
                messages.info(request, result.place.message)
            if result.failed:
                count = len(result.failed)
                messages.warning(
                    request,
                    f"{count} {'besked' if count == 1 else 'beskeder'} kunne ikke sendes – "
                    "ring til dem. Se «Beskeder» nederst på siden.",
                )
            return redirect("preparedness_activation:detail", plan.slug, result.activation.pk)
    return render(
        request,
        "preparedness/activation_new.html",
        {"access": access.access, "beredskab": access, "plan": plan, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# Each step of the detail page: its form class (or None), its prefix and the section it returns to.
FORMS = {
    "meeting": (MeetingForm, "moede"),
    "action_add": (ActionForm, "handling"),
    "info_draft": (ResidentInfoForm, "beboer"),
    "press": (PressNoteForm, "presse"),
    "evaluate": (EvaluationForm, "evaluering"),
}
SECTIONS = {
    "call": "opkald",
    "meeting": "moede",
    "action_add": "handlinger",
    "action_done": "handlinger",
    "info_draft": "beboere",
    "info_approve": "beboere",
    "info_send": "beboere",
    "press": "presse",
    "close": "afslut",
    "evaluate": "evaluering",
}
DONE = {
    "meeting": "Det koordinerende møde er gemt.",
    "action_add": "Handlingen er tilføjet.",
    "action_done": "Handlingen er markeret som udført.",
    "info_draft": "Udkastet til beboerne er gemt.",
    "info_approve": "Informationen til beboerne er godkendt.",
    "info_send": "Informationen er markeret som sendt til beboerne.",
    "press": "Pressenoten er gemt.",
    "close": "Aktiveringen er afsluttet. Skriv evalueringen nu.",
    "evaluate": "Evalueringen er gemt.",
}


def _initial_forms(activation):
    meeting_at = activation.coordinating_meeting_at
    return {
        "meeting": MeetingForm(
            prefix="moede",
            initial={"at": meeting_at, "note": activation.coordinating_meeting_note},
        ),
        "action_add": ActionForm(prefix="handling"),
        "info_draft": ResidentInfoForm(prefix="beboer", initial={"text": activation.resident_info}),
        "press": PressNoteForm(prefix="presse", initial={"text": activation.press_note}),
        "evaluate": EvaluationForm(prefix="evaluering", initial={"text": activation.evaluation}),
    }


def _take_step(request, activation, step, form):
    user = request.user
    data = form.cleaned_data if form is not None else {}
    if step == "call":
        call = get_object_or_404(CallEntry, activation=activation, pk=_posted_id(request, "call"))
        call_form = CallForm(request.POST)
        if not call_form.is_valid():
            raise steps.ActivationError("Vælg «Kontaktet» eller «Intet svar».")
        steps.mark_call(call=call, status=call_form.cleaned_data["status"], user=user)
        label = "kontaktet" if call.status == CallEntry.Status.REACHED else "intet svar"
        return f"{call.name}: {label}.", f"opkald-{call.pk}"
    if step == "meeting":
        steps.set_meeting(activation=activation, at=data["at"], note=data["note"], user=user)
    elif step == "action_add":
        steps.add_action(
            activation=activation,
            title=data["title"],
            owner=data["owner"],
            due=data["due"],
            user=user,
        )
    elif step == "action_done":
        action = get_object_or_404(
            ActionItem, activation=activation, pk=_posted_id(request, "action")
        )
        steps.complete_action(action=action, user=user)
    elif step == "info_draft":
        steps.draft_resident_info(activation=activation, text=data["text"], user=user)
    elif step == "info_approve":
        steps.approve_resident_info(activation=activation, user=user)
    elif step == "info_send":
        steps.mark_resident_info_sent(activation=activation, user=user)
    elif step == "press":
        steps.save_press_note(activation=activation, text=data["text"], user=user)
    elif step == "close":
        steps.close_activation(activation=activation, user=user)
    elif step == "evaluate":
        steps.evaluate(activation=activation, text=data["text"], user=user)
    return DONE[step], SECTIONS[step]


def _activation(request, slug, pk):
    access = get_preparedness_access(request, slug)
    activation = get_object_or_404(
        Activation.objects.select_related("area", "activated_by"), plan=access.plan, pk=pk
    )
    return access, activation


@login_required
@require_GET
def detail(request, slug, pk):
    access, activation = _activation(request, slug, pk)
    return _page(request, access, activation, _initial_forms(activation))


@login_required
@require_POST
def take_step(request, slug, pk, step):
    """One step of the activation (a call made, the meeting, an action, the residents' text,
    the press note, closed, evaluated): each form of the detail page posts to its own step."""
    access, activation = _activation(request, slug, pk)
    _require_activator(access)
    if step not in SECTIONS:
        raise PermissionDenied("Ukendt trin.")
    forms = _initial_forms(activation)
    form = None
    if step in FORMS:
        form_class, prefix = FORMS[step]
        form = form_class(request.POST, prefix=prefix)
        forms[step] = form
    if form is None or form.is_valid():
        try:
            message, section = _take_step(request, activation, step, form)
        except (steps.ActivationError, ValidationError) as error:
            text = error.messages if isinstance(error, ValidationError) else [str(error)]
            if form is None:
                for line in text:
                    messages.error(request, line)
                return redirect(_detail_url(activation, SECTIONS[step]))
            for line in text:
                form.add_error(None, line)
        else:
            messages.success(request, message)
            return redirect(_detail_url(activation, section))
    return _page(request, access, activation, forms, status=400)


def _page(request, access, activation, forms, status=200):
    plan = access.plan
    return render(
        request,
        "preparedness/activation_detail.html",
        {
            "access": access.access,
            "beredskab": access,
            "plan": plan,
            "activation": activation,
            "is_open": activation.status == Activation.Status.OPEN,
            "evaluation_missing": steps.evaluation_missing(activation),
            "call_lines": steps.call_lines(activation),
            "press_contacts": steps.press_contacts(plan),
            "actions": activation.actions.all(),
            "log": activation.log.select_related("user"),
            "notifications": activation.notifications.select_related("contact"),
            "forms": forms,
            "may_act": access.may_activate,
        },
        status=status,
    )


def _detail_url(activation, section: str) -> str:
    url = reverse("preparedness_activation:detail", args=[activation.plan.slug, activation.pk])
    return f"{url}#{section}"


def _posted_id(request, name: str) -> int:
    """A row id from the form; anything else is a page that does not exist, not an error."""
    raw = request.POST.get(name, "")
    if not raw.isdigit():
        raise Http404("Ukendt række.")
    return int(raw)
