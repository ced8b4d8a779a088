import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhedsplan.economy.models import Expense

SLUG = "randers-nordby-2017-21"


def test_overview_json(plan):
    out = StringIO()
    call_command("economy", "overview", SLUG, "--date", "2019-05-31", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["total"]["budget"] == {"lbf": "16055000", "local": "13086000", "total": "29141000"}
    assert data["lines"][-1]["budget"]["total"] == "860000"
    assert data["lines"][-1]["focus_area"] is None
    assert data["elapsed_share"] == "50.0"


def test_overview_unknown_plan(db):
    with pytest.raises(CommandError) as refused:
        call_command("economy", "overview", "findes-ikke")
    assert refused.value.returncode == 1
    assert "findes-ikke" in str(refused.value)


def test_import_bad_then_fixed(plan, tmp_path):
    path = tmp_path / "udgifter.csv"
    path.write_text("month,financing,amount\n2018-01,lbf,100\n2018-02,lbf,x\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("economy", "import", str(path), "--plan", SLUG, stderr=err)
    assert "Række 3, kolonne amount" in err.getvalue()
    assert not Expense.objects.exists()
    path.write_text("month,financing,amount\n2018-01,lbf,100\n2018-02,lbf,200\n", encoding="utf-8")
    out = StringIO()
    call_command("economy", "import", str(path), "--plan", SLUG, stdout=out)
    assert "2 udgifter importeret." in out.getvalue()
    assert Expense.objects.count() == 2


def test_import_dry_run_checks_everything_and_saves_nothing(plan, tmp_path):
    path = tmp_path / "udgifter.csv"
    path.write_text("month,financing,amount\n2018-01,lbf,100\n2018-02,lbf,200\n", encoding="utf-8")
    out = StringIO()
    call_command("economy", "import", str(path), "--plan", SLUG, "--dry-run", stdout=out)
    assert "Prøvekørsel: alle 2 rækker er i orden. Intet er gemt" in out.getvalue()
    assert not Expense.objects.exists()
    path.write_text("month,financing,amount\n2018-01,lbf,x\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("economy", "import", str(path), "--plan", SLUG, "--dry-run", stderr=err)
    assert "Række 2, kolonne amount" in err.getvalue()
