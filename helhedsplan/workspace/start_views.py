"""`/` and each plan's start page: what this person should look at first in this plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from helhedsplan.accounts.access import PlanAccess, get_plan_for_user, plans_for_user
from helhedsplan.accounts.models import Role
from helhedsplan.core import formats
from helhedsplan.governance.reminders import Outcome
from helhedsplan.workspace import start
from helhedsplan.workspace.forms import ReminderForm

STAFF_ROLES = {Role.SEKRETARIAT, Role.MEDARBEJDER}
BODY_ROLES = {Role.STYREGRUPPE, Role.BESTYRELSE, Role.LAESER}


def _url(name: str, args: list, fallback: str) -> str:
    # The editor and the people pages are built alongside; their paths are fixed already.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


@login_required
def home(request):
    """The start page of the user's current plan; the chooser when there is no current plan."""
    plans = list(plans_for_user(request.user).order_by("-start", "name"))
    chosen = request.GET.get("plan")
    if chosen:
        # The header's plan picker and the chooser: remember the choice for the next login.
        plan = next((plan for plan in plans if plan.slug == chosen), None)
        if plan is None:
            messages.warning(
                request,
                f"Planen «{chosen}» findes ikke, eller du har ikke adgang til den. "
                "Din startside er ikke ændret.",
            )
        else:
            start.remember(request.user, plan)
        return redirect("home")
    current = None if request.GET.get("vaelg") else start.current_plan(request.user, plans)
    if current is None:
        return _chooser(request, plans)
    # The layout's menu and plan picker follow the plan shown (the address has no slug).
    request.workspace_slug = current.slug
    return _start_page(request, get_plan_for_user(request, current.slug))


def _chooser(request, plans):
    may_create = request.user.has_perm("plans.create_plan")
    context = {
        "choices": start.plan_choices(request.user) if plans else [],
        "may_create": may_create,
        "create_url": _url("planning_create:start", [], "/ny-plan/") if may_create else "",
    }
    return render(request, "workspace/choose_plan.html", context)


@login_required
def start_page(request, slug):
    return _start_page(request, get_plan_for_user(request, slug))


def _start_page(request, access: PlanAccess):
    plan = access.plan
    today = timezone.localdate()
    context = {
        "access": access,
        "plan": plan,
        "today": today,
        "several_plans": plans_for_user(request.user).count() > 1,
        "overview_url": reverse("plans:overview", args=[plan.slug]),
    }
    if request.user.is_superuser or request.user.has_perm("plans.create_plan"):
        context["create_url"] = _url("planning_create:start", [], "/ny-plan/")
    if access.is_secretariat:
        context["edit_url"] = _url(
            "planning_edit:index", [plan.slug], f"/planer/{plan.slug}/rediger/"
        )
        context["people_url"] = _url(
            "accounts:people", [plan.slug], f"/planer/{plan.slug}/personer/"
        )
    if access.role == Role.PARTNER:
        context["part"] = "partner"
        context["partner"] = start.partner_start(access, request.user, today)
    elif access.role in STAFF_ROLES:
        context["part"] = "staff"
        context["staff"] = start.staff_start(access, today)
        context["reminder_url"] = reverse("workspace:remind", args=[plan.slug])
    elif access.role in BODY_ROLES:
        context["part"] = "body"
        context["body"] = start.body_start(access, today)
    return render(request, "workspace/start.html", context)


@login_required
@require_POST
def remind(request, slug):
    """ "Send påmindelse": one partner's reminder for the next steering-group meeting, now."""
    access = get_plan_for_user(request, slug).require_staff()
    plan = access.plan
    back = reverse("workspace:start", args=[plan.slug]) + "#paamindelser"
    form = ReminderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Påmindelsen kunne ikke sendes: vælg partneren på listen.")
        return redirect(back)
    result = start.send_partner_reminder(
        plan=plan,
        meeting_id=form.cleaned_data["meeting"],
        organisation_id=form.cleaned_data["organisation"],
        today=timezone.localdate(),
    )
    item = result.item
    name = item.partner_name if item else ""
    if result.outcome == Outcome.SEND:
        messages.success(
            request, f"Påmindelsen er sendt til {name} ({', '.join(item.recipients)})."
        )
    elif result.outcome == Outcome.ALREADY_SENT:
        when = formats.datetime_words(result.sent_at) if result.sent_at else "tidligere"
        messages.info(request, f"{name} er allerede påmindet før mødet ({when}). Intet er sendt.")
    elif result.outcome == Outcome.NO_ADDRESS:
        messages.error(
            request,
            f"{name} har ingen modtager med e-mailadresse. Tilføj en e-mailadresse hos "
            "organets medlemmer eller partnerens brugere, og prøv igen.",
        )
    elif result.outcome == Outcome.FAILED:
        messages.error(
            request, f"Påmindelsen til {name} kunne ikke sendes ({item.error}). Prøv igen senere."
        )
    elif result.outcome == "nothing_missing":
        messages.info(request, "Partneren mangler ikke længere data før mødet. Intet er sendt.")
    else:
        messages.error(request, "Mødet er ikke længere det næste styregruppemøde. Intet er sendt.")
    return redirect(back)
