import datetime
import io
from decimal import Decimal

import openpyxl

from helhedsplan.conftest import PASSWORD
from helhedsplan.economy.importer import import_expenses, template_csv
from helhedsplan.economy.models import Expense

TODAY = datetime.date(2019, 6, 15)
GOOD = (
    "month;focus_area;financing;amount;note\n"
    "2018-03;tryghed-og-trivsel;lbf;12500,50;Materialer\n"
    "2018-04;;local;1.000.000;Ikke fordelt\n"
    "2018-05;uddannelse-og-beskaeftigelse;LBF;-250;Rettelse\n"
)


def _import(plan, text, today=TODAY, filename="udgifter.csv"):
    return import_expenses(plan=plan, source=text.encode(), filename=filename, today=today)


def test_a_good_file_imports(plan):
    result = _import(plan, GOOD)
    assert result.ok, result.errors
    assert result.created == 3
    assert result.summary() == "3 udgifter importeret."
    amounts = sorted(Expense.objects.values_list("amount", flat=True))
    assert amounts == [Decimal("-250"), Decimal("12500.50"), Decimal("1000000")]
    assert Expense.objects.get(amount=1000000).focus_area is None


def test_one_bad_row_stops_everything_and_is_named(plan):
    bad = GOOD + "2018-06;tryghed-og-trivsel;lbf;tolv;\n"
    result = _import(plan, bad)
    assert not result.ok
    assert result.created == 0
    assert [str(e) for e in result.errors] == [
        "Række 5, kolonne amount: «tolv» er ikke et beløb i kroner (højst 2 decimaler)."
    ]
    assert "Intet er importeret" in result.summary()
    assert not Expense.objects.exists()


def test_every_bad_row_is_named(plan):
    text = (
        "month;focus_area;financing;amount;note\n"
        "2016-01;tryghed-og-trivsel;lbf;10;\n"  # before the plan
        "2019-08;tryghed-og-trivsel;lbf;10;\n"  # in the future (today 15 June 2019)
        "2018-13;tryghed-og-trivsel;lbf;10;\n"  # not a month
        "2018-01;ukendt;lbf;10;\n"
        "2018-01;;kommune;10;\n"
        "2018-01;;lbf;10,123;\n"
        "2018-01;;lbf;0;\n"
        "2018-01;;lbf;10;Borger 010190-1234\n"
        "2018-01;;lbf;;\n"
    )
    result = _import(plan, text)
    found = [(e.row, e.column) for e in result.errors]
    assert found == [
        (2, "month"),
        (3, "month"),
        (4, "month"),
        (5, "focus_area"),
        (6, "financing"),
        (7, "amount"),
        (8, "amount"),
        (9, "note"),
        (10, "amount"),
    ]
    messages = [e.message for e in result.errors]
    assert "uden for planperioden" in messages[0]
    assert "i fremtiden" in messages[1]
    assert messages[3] == "Ukendt indsatsområde «ukendt»."
    assert "CPR" in messages[7]
    assert "010190" not in " ".join(messages)
    assert not Expense.objects.exists()


def test_header_errors(plan):
    result = _import(plan, "month;belob\n2018-01;10\n")
    assert [str(e) for e in result.errors][:1] == [
        "Række 1, kolonne belob: Ukendt kolonne «belob». Kolonnerne er: month, focus_area, "
        "financing, amount, note."
    ]
    assert not Expense.objects.exists()


def test_xlsx_imports(plan):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["month", "focus_area", "financing", "amount", "note"])
    sheet.append(
        [datetime.datetime(2018, 2, 1), "kriminalpraeventiv-indsats", "local", 1234.5, None]
    )
    sheet.append(["2018-03", None, "lbf", 99, "Husleje"])
    out = io.BytesIO()
    workbook.save(out)
    result = import_expenses(
        plan=plan, source=out.getvalue(), filename="udgifter.xlsx", today=TODAY
    )
    assert result.ok, result.errors
    assert Expense.objects.get(financing="local").amount == Decimal("1234.50")


def test_import_view_fixed_after_a_bad_row(client, plan, sekretariat):
    assert client.login(username=sekretariat.username, password=PASSWORD)
    url = f"/planer/{plan.slug}/oekonomi/import/"
    bad = io.BytesIO((GOOD + "2030-01;;lbf;10;\n").encode())
    bad.name = "udgifter.csv"
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Filen er ikke importeret" in text
    assert '<td class="num">5</td><td>month</td>' in text
    assert not Expense.objects.exists()
    fixed = io.BytesIO(GOOD.encode())
    fixed.name = "udgifter.csv"
    response = client.post(url, {"file": fixed})
    assert response.status_code == 302
    assert Expense.objects.count() == 3
    assert Expense.objects.filter(registered_by=sekretariat).count() == 3


def test_a_cpr_number_in_the_header_is_not_echoed_back(plan):
    # It was: «Ukendt kolonne «0101901234»» went to the page, the command's stderr and cron mail.
    result = _import(plan, "month;financing;amount;0101901234\n2018-01;lbf;10;\n")
    assert [str(e) for e in result.errors] == [
        "Række 1, kolonne ******-****: Ukendt kolonne «******-****». Kolonnerne er: month, "
        "focus_area, financing, amount, note."
    ]


def test_data_without_a_column_heading_is_refused_not_dropped(plan):
    # It was dropped without a word: the note below an empty heading, the cell right of the header.
    no_heading = _import(plan, "month;financing;amount;\n2018-01;lbf;10;Husleje\n")
    assert [str(e) for e in no_heading.errors] == [
        "Række 1: Kolonne nummer 4 har data men ingen overskrift."
    ]
    right_of_header = _import(plan, "month;financing;amount\n2018-01;lbf;10;Husleje\n")
    assert [str(e) for e in right_of_header.errors] == [
        "Række 2: Celle nummer 4 har ingen kolonneoverskrift."
    ]
    assert not Expense.objects.exists()


def test_a_dry_run_names_the_rows_it_checked_and_saves_nothing(plan):
    result = import_expenses(
        plan=plan, source=GOOD.encode(), filename="udgifter.csv", today=TODAY, dry_run=True
    )
    assert (result.ok, result.rows, result.checked, result.created) == (True, 3, 3, 0)
    assert result.summary() == (
        "Prøvekørsel: alle 3 rækker er i orden. Intet er gemt; kør igen uden --dry-run for at "
        "importere."
    )
    assert not Expense.objects.exists()


def test_an_amount_is_read_by_the_shared_danish_parser(plan):
    # A misplaced thousands point was read as another amount (12.34,5 as 1.234,50 kr.), and
    # Python's own notations (1e3, 1_000) as kroner; they are refused now, as in every form.
    text = "month;financing;amount\n" + "".join(
        f"2018-01;lbf;{amount}\n" for amount in ("12.34,5", "1e3", "1_000", "1 234,50 kr.")
    )
    result = _import(plan, text)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "amount"),
        (3, "amount"),
        (4, "amount"),
    ]
    result = _import(plan, "month;financing;amount\n2018-01;lbf;1\u00a0234,50\n2018-02;lbf;−5\n")
    assert result.ok, result.errors
    assert sorted(Expense.objects.values_list("amount", flat=True)) == [
        Decimal("-5"),
        Decimal("1234.50"),
    ]


def test_the_template_is_the_header_and_one_example_that_imports(plan):
    text = template_csv()
    assert text == (
        "month;focus_area;financing;amount;note\r\n2018-03;tryghed-og-trivsel;lbf;12500,00;\r\n"
    )
    assert _import(plan, text).created == 1
