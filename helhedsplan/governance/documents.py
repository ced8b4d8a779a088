"""Governance documents as `Report`s, so they print to PDF and Word like the reports do:
the agreements at any plan-file version, and a meeting's agenda and minutes."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from helhedsplan.core import formats
from helhedsplan.documents.document import (
    MONEY,
    NUMBER,
    Column,
    Items,
    Report,
    Table,
    Text,
)
from helhedsplan.governance.changes import DOCUMENT_LABELS, KOMMISSORIUM, STRATEGIC, SUB_AGREEMENT
from helhedsplan.plans.models import PlanFileVersion
from helhedsplan.plans.planfile import read_checked


class DocumentNotFound(LookupError):
    pass


def _paragraphs(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [part.strip() for part in str(value).split("\n\n") if part.strip()]


def _document(plan, title: str, label: str, facts, footer: str) -> Report:
    now = timezone.localtime()
    return Report(
        kind="aftale",
        title=title,
        plan_name=plan.name,
        period_label=label,
        period_start=plan.start,
        period_end=plan.end,
        as_of=now.date(),
        made_at=now,
        suppressed=False,
        threshold=plan.small_number_threshold,
        facts=facts,
        audience="",
        footer=footer,
        organisation=plan.secretariat.name if plan.secretariat_id else "",
    )


def agreement(plan, version: PlanFileVersion, document: str, focus_key: str = "") -> Report:
    """One agreement as it reads in one plan-file version."""
    data = read_checked(version.content)
    number = plan.file_versions.filter(loaded_at__lte=version.loaded_at, id__lte=version.id).count()
    facts = [
        (
            "Version",
            f"nr. {number}, indlæst {formats.datetime_words(version.loaded_at)}",
        ),
        ("Kilde", version.source_name or "planfil"),
        ("Dannet", formats.datetime_words(timezone.now())),
    ]
    if document == SUB_AGREEMENT:
        focus = next((f for f in data.get("focus_areas", []) if f["key"] == focus_key), None)
        if focus is None:
            raise DocumentNotFound(f"Version {number} har intet indsatsområde «{focus_key}».")
        title = f"Delaftale: {focus['name']}"
        report = _document(
            plan, title, f"version {number}", facts, f"{plan.name} · {title} · version {number}"
        )
        _sub_agreement(report, focus, data)
        return report
    if document not in DOCUMENT_LABELS:
        raise DocumentNotFound(f"Ukendt aftale «{document}».")
    title = DOCUMENT_LABELS[document]
    report = _document(
        plan, title, f"version {number}", facts, f"{plan.name} · {title} · version {number}"
    )
    if document == STRATEGIC:
        _strategic(report, data)
    elif document == KOMMISSORIUM:
        _kommissorium(report, data)
    return report


def _strategic(report: Report, data: dict) -> None:
    report.section("Vision").add(Text(_paragraphs(data.get("vision"))))
    report.section("Overordnede mål").add(
        Items([goal["text"] for goal in data.get("overall_goals", [])])
    )
    period = data.get("period", {})
    budget = data.get("budget", {})
    facts = report.section("Periode og økonomi")
    facts.add(
        Items(
            [f"Periode: {formats.period_words(period['start'], period['end'])}"] if period else []
        )
    )
    table = Table(
        "Budget pr. indsatsområde",
        [
            Column("Indsatsområde"),
            Column("Landsbyggefonden", MONEY),
            Column("Lokal medfinansiering", MONEY),
        ],
        sheet="Budget",
    )
    for focus in data.get("focus_areas", []):
        money = focus.get("budget", {})
        table.rows.append(
            [f"{focus.get('number')}. {focus['name']}", money.get("lbf"), money.get("local")]
        )
    table.total = ["Planen i alt", budget.get("lbf"), budget.get("local")]
    facts.add(table)


def _sub_agreement(report: Report, focus: dict, data: dict) -> None:
    report.section("Formål").add(Text(_paragraphs(focus.get("purpose"))))
    money = focus.get("budget", {})
    economy = report.section("Økonomi og medarbejdertimer")
    economy.add(
        Items(
            [
                f"Landsbyggefonden: {formats.amount(money.get('lbf', 0))}",
                f"Lokal medfinansiering: {formats.amount(money.get('local', 0))}",
                f"Medarbejdertimer pr. uge: {formats.number(focus.get('staff_hours_per_week'))}",
            ]
        )
    )
    measures = Table(
        "Lokalt opstillede målinger",
        [Column("Nr.", NUMBER), Column("Måling"), Column("Mål", NUMBER), Column("Målår")],
        sheet="Målinger",
    )
    for measure in focus.get("local_measures", []):
        target = measure.get("target") or {}
        measures.rows.append(
            [
                measure.get("number"),
                measure["text"],
                target.get("value"),
                str(target.get("year", "")),
            ]
        )
    report.section("Målinger").add(measures)
    for activity in focus.get("activities", []):
        section = report.section(
            f"Aktivitet {focus.get('number')}.{activity.get('number')}: {activity['name']}", level=3
        )
        section.add(Text(_paragraphs(activity.get("purpose"))))
        criteria = Table(
            f"Succeskriterier, aktivitet {focus.get('number')}.{activity.get('number')}",
            [
                Column("Succeskriterium"),
                Column("Mål", NUMBER),
                Column("Øvre grænse", NUMBER),
                Column("Enhed"),
                Column("Gælder"),
            ],
            sheet=f"Aktivitet {focus.get('number')}.{activity.get('number')}",
        )
        for criterion in activity.get("success_criteria", []):
            criteria.rows.append(
                [
                    criterion["text"],
                    criterion.get("target"),
                    criterion.get("target_max"),
                    criterion.get("unit", ""),
                    {"year": "pr. planår", "period": "i hele perioden"}.get(
                        criterion.get("per", ""), ""
                    ),
                ]
            )
        section.add(criteria)
    parties = focus.get("parties", [])
    if parties:
        report.section("Parter").add(
            Items([" – ".join(filter(None, [p.get("name"), p.get("title")])) for p in parties])
        )


def _kommissorium(report: Report, data: dict) -> None:
    for body in data.get("bodies", []):
        section = report.section(body["name"])
        section.add(Text(_paragraphs(body.get("purpose"))))
        if body.get("meeting_rule"):
            section.add(Text(_paragraphs(body["meeting_rule"])))
        members = [
            " – ".join(filter(None, [member.get("role"), member.get("name")]))
            for member in body.get("members", [])
        ]
        if members:
            section.add(Items(members))


# ---- meetings -----------------------------------------------------------------------------


def _meeting_document(meeting, title: str) -> Report:
    plan = meeting.plan
    when = formats.datetime_words(meeting.starts_at)
    facts = [
        ("Organ", meeting.body.name),
        ("Tid", when),
        ("Sted", meeting.location or "ikke angivet"),
    ]
    report = _document(
        plan,
        f"{title}: {meeting.body.name}",
        when,
        facts,
        f"{plan.name} · {title} · {meeting.body.name} · {when}",
    )
    return report


def agenda_document(meeting) -> Report:
    report = _meeting_document(meeting, "Dagsorden")
    if meeting.extraordinary:
        report.section("Ekstraordinært møde").add(Text(_paragraphs(meeting.reason)))
    items = [
        f"{item.title}" + (f": {item.note}" if item.note else "")
        for item in meeting.agenda_items.all()
    ]
    received = list(meeting.recommendations_received.all())
    items += [f"Indstilling fra styregruppen: {item.title}" for item in received]
    report.section("Dagsorden").add(Items(items or ["Ingen punkter endnu."]))
    if meeting.report_kind:
        address = settings.HELHEDSPLAN_BASE_URL + reverse(
            "reports:show", args=[meeting.plan.slug, meeting.report_kind]
        )
        address += "?" + urlencode({"periode": meeting.report_period})
        report.section("Bilag").add(
            Items([f"Mødet følger op på: {meeting.report_label} ({address})"])
        )
    for recommendation in received:
        report.section(f"Indstilling: {recommendation.title}", level=3).add(
            Text(_paragraphs(recommendation.text))
        )
    return report


def minutes_document(meeting) -> Report:
    report = _meeting_document(meeting, "Referat")
    attendance = list(meeting.attendance.all())
    report.section("Deltagere").add(
        Items(
            [f"{row.name}{'' if row.present else ' (afbud)'}" for row in attendance]
            or ["Fremmøde ikke registreret."]
        )
    )
    report.section("Dagsorden").add(Items([item.title for item in meeting.agenda_items.all()]))
    report.section("Referat").add(
        Text(_paragraphs(meeting.minutes), empty="Referatet er ikke skrevet endnu.")
    )
    decisions = [
        f"{d.text}{' (konsensus)' if d.consensus else ''}" for d in meeting.decisions.all()
    ]
    report.section("Beslutninger").add(
        Items(decisions) if decisions else Text([], empty="Ingen beslutninger.")
    )
    made = [f"{r.title} ({r.get_status_display()})" for r in meeting.recommendations_made.all()]
    if made:
        report.section("Indstillinger til bestyrelsen").add(Items(made))
    return report
