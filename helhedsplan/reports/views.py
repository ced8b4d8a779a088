"""Reports in the app: the list, a report on screen, downloads, and the texts behind them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.change_words import last_change
from helhedsplan.core.periods import all_tertials, plan_years
from helhedsplan.documents.kinds import ReportKind
from helhedsplan.documents.render_html import document_css, document_policy, report_context
from helhedsplan.reports.assemble import (
    TERTIAL_REPORTS,
    YEAR_REPORTS,
    ReportError,
    narrative_topics,
    narratives,
    resolve,
)
from helhedsplan.reports.forms import NarrativeForm
from helhedsplan.reports.models import Narrative
from helhedsplan.reports.services import FORMAT_LABELS, build_report, make_report

DESCRIPTIONS = {
    ReportKind.FREMDRIFT: "Til styregruppen hvert tertial: status for hvert succeskriterium, "
    "beretning pr. aktivitet, milepæle og manglende data.",
    ReportKind.PROJEKTLEDELSE: "Hvert tertial: milepæle, økonomi, medarbejdertimer, "
    "status, risici og åbne punkter.",
    ReportKind.AARSRAPPORT: "Hvert planår, til bestyrelsen og den politiske følgegruppe: "
    "lokalt opstillede målinger med figurer, resultater, økonomi og tekster.",
    ReportKind.MONITORERING: "Før hvert bestyrelsesmøde: de overordnede mål og alle lokalt "
    "opstillede målinger som tidsserier mod udgangspunkt, mål og sammenligning.",
    ReportKind.AKTIVITETSSKEMA: "Til Landsbyggefonden: aktiviteter, succeskriterier, mål og "
    "resultater pr. planår.",
}


def _periods(plan, kind: str) -> list[str]:
    """The periods begun so far that a report can be made for, newest first."""
    today = timezone.localdate()
    tertials = [t.label for t in all_tertials(plan.start, plan.end) if t.start <= today]
    years = [y.label for y in plan_years(plan.start, plan.end) if y.start <= today]
    if kind in TERTIAL_REPORTS:
        return tertials[::-1]
    if kind in YEAR_REPORTS:
        return years[::-1]
    return (years + tertials)[::-1]


def _suppress(access, request) -> bool:
    """Outside the secretariat always; the secretariat picks, and the safe edition is default."""
    return not (access.is_plan_staff and request.GET.get("udgave") == "intern")


@login_required
def index(request, slug):
    access = get_plan_for_user(request, slug)
    plan = access.plan
    kinds = [
        {
            "kind": kind,
            "label": kind.label,
            "description": DESCRIPTIONS[kind],
            "periods": _periods(plan, kind),
        }
        for kind in ReportKind
    ]
    return render(
        request,
        "reports/index.html",
        {"access": access, "plan": plan, "kinds": kinds, "formats": FORMAT_LABELS},
    )


def _kind(kind: str) -> ReportKind:
    if kind not in ReportKind.values:
        raise Http404("Den rapport findes ikke.")
    return ReportKind(kind)


@login_required
def show(request, slug, kind):
    """The report on screen, or as a file when ?format= names one."""
    access = get_plan_for_user(request, slug)
    plan = access.plan
    kind = _kind(kind)
    period = request.GET.get("periode", "")
    file_format = request.GET.get("format", "")
    suppress = _suppress(access, request)
    try:
        if file_format and file_format != "vis":
            made = make_report(
                plan=plan, kind=kind, period=period, file_format=file_format, suppress=suppress
            )
            response = HttpResponse(made.content, content_type=made.content_type)
            response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
            if file_format == "html":
                # The standalone document's own policy (its stylesheet by hash), not the site's.
                policy = document_policy(document_css(made.report))
                response["Content-Security-Policy"] = f"{policy}; frame-ancestors 'none'"
            return response
        report = build_report(plan=plan, kind=kind, period=period, suppress=suppress)
    except ReportError as problem:
        messages.error(request, str(problem))
        return redirect("reports:index", slug=slug)
    context = {
        **report_context(report),
        "access": access,
        "plan": plan,
        "kind": kind,
        "period": report.period_label,
        "formats": {key: label for key, label in FORMAT_LABELS.items() if key != "html"},
        "edition": "intern" if not suppress else "ekstern",
    }
    return render(request, "reports/show.html", context)


@login_required
def texts(request, slug, kind):
    """The secretariat writes the report's texts for a period; every change is in the history."""
    access = get_plan_for_user(request, slug)
    access.require_staff()
    plan = access.plan
    kind = _kind(kind)
    period = request.POST.get("periode") or request.GET.get("periode", "")
    try:
        period = resolve(plan, kind, period, suppress=True).period.label
    except ReportError as problem:
        messages.error(request, str(problem))
        return redirect("reports:index", slug=slug)
    topics = narrative_topics(plan, kind)
    stored = narratives(plan, kind, period)
    form = NarrativeForm(
        request.POST or None,
        topics=topics,
        initial_texts=stored,
        what=f"teksterne til {kind.label.lower()} {period}",
    )
    if request.method == "POST" and form.is_valid():
        changed, saved = 0, False
        with transaction.atomic():
            # The plan's row is the lock: a text written for the first time has no row of its
            # own yet, and two first texts for one topic must not both be saved.
            type(plan).objects.select_for_update().filter(pk=plan.pk).first()
            rows = Narrative.objects.filter(plan=plan, report=kind, period=period)
            stored = dict(rows.values_list("topic", "text"))
            now = {
                f"topic_{index}": stored.get(topic, "")
                for index, (topic, _label) in enumerate(topics)
            }
            if form.versions.accept(now, changed=last_change(rows.order_by("-changed_at").first())):
                saved = True
                for topic, text in form.texts().items():
                    if text == stored.get(topic, ""):
                        continue
                    narrative = rows.filter(topic=topic).first() or Narrative(
                        plan=plan, report=kind, period=period, topic=topic
                    )
                    narrative.text = text
                    narrative.changed_by = request.user
                    narrative.is_demo = False  # a person's text: a demo re-run must keep it
                    narrative.save()
                    changed += 1
        if saved:
            messages.success(
                request, f"{changed} tekst(er) gemt for {kind.label.lower()} {period}."
            )
            return redirect(f"{reverse('reports:show', args=[slug, kind])}?periode={period}")
    context = {"access": access, "plan": plan, "kind": kind, "period": period, "form": form}
    return render(request, "reports/texts.html", context)
