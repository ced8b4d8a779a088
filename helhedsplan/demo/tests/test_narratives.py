"""Demo texts: in the reports, repeatable, and never in the way of a person's own text."""

import datetime

from helhedsplan.demo.narratives import delete_demo_narratives, generate_demo_narratives
from helhedsplan.reports.models import Narrative
from helhedsplan.reports.services import build_report

UNTIL = datetime.date(2019, 5, 31)


def test_demo_texts_fill_every_topic_of_the_finished_periods_and_show_in_the_report(plan):
    made = generate_demo_narratives(plan, seed=1, until=UNTIL)
    # 6 tertials x (summary + 12 activities + risks) + 2 years x (2 + 4 focus areas + monitoring)
    assert made == 6 * 14 + 2 * 6
    report = build_report(plan=plan, kind="fremdrift", period="2018/19-T2", suppress=True)
    texts = [
        p for s in report.sections for b in s.blocks if b.block == "text" for p in b.paragraphs
    ]
    assert len(texts) == 13


def test_the_same_seed_gives_the_same_texts(plan):
    generate_demo_narratives(plan, seed=3, until=UNTIL)
    first = list(
        Narrative.objects.order_by("report", "period", "topic").values_list("text", flat=True)
    )
    delete_demo_narratives(plan)
    generate_demo_narratives(plan, seed=3, until=UNTIL)
    again = list(
        Narrative.objects.order_by("report", "period", "topic").values_list("text", flat=True)
    )
    assert first == again


def test_deleting_demo_texts_keeps_what_a_person_wrote(plan):
    generate_demo_narratives(plan, seed=1, until=UNTIL)
    own = Narrative.objects.create(
        plan=plan, report="aarsrapport", period="2019/20", text="Egen tekst."
    )
    delete_demo_narratives(plan)
    assert list(Narrative.objects.all()) == [own]


def test_a_persons_text_is_kept_when_the_demo_texts_are_made_again(plan):
    own = Narrative.objects.create(
        plan=plan,
        report="fremdrift",
        period="2018/19-T2",
        topic="",
        text="Skrevet af sekretariatet.",
    )
    generate_demo_narratives(plan, seed=1, until=UNTIL)
    own.refresh_from_db()
    assert own.text == "Skrevet af sekretariatet." and not own.is_demo
    assert (
        Narrative.objects.filter(plan=plan, report="fremdrift", period="2018/19-T2").count() == 13
    )
