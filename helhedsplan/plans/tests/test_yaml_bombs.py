"""Plan files that attack the YAML reader are refused in Danish, with their line, and nothing is
saved: alias bombs ("billion laughs"), !!python and other foreign tags, deep nesting, huge files,
and files of a million tiny items.
Checked in the reader, in `plan validate`, on the upload page and in a change request."""

import datetime
import io
import time

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from helhedsplan.conftest import PASSWORD, PLAN_FILE
from helhedsplan.planning.creation import TEMPLATES, template_text
from helhedsplan.plans.models import Activity, Plan, PlanFileVersion
from helhedsplan.plans.planfile import PlanFileError, source, validate_text
from helhedsplan.plans.services import dump_plan_data

SLUG = "randers-nordby-2017-21"
ANCHORS = (
    "YAML-ankre og -henvisninger (& og *) er ikke tilladt i en planfil. Skriv værdien ud hvert "
    "sted, den bruges"
)
LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
BILLION_LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + LAUGHS
PWNED = "/tmp/helhedsplan-yaml-bomb-pwned"
PYTHON_TAG = f'slug: x\nname: !!python/object/apply:os.system ["touch {PWNED}"]\n'


def problems_of(text: str) -> list[tuple[str, int | None]]:
    with pytest.raises(PlanFileError) as error:
        validate_text(text)
    return [(problem.message, problem.line) for problem in error.value.problems]


def test_a_billion_laughs_alias_bomb_is_refused_at_its_first_anchor_at_once():
    start = time.perf_counter()

    assert problems_of(BILLION_LAUGHS) == [(ANCHORS, 1)]
    assert time.perf_counter() - start < 1


def test_an_alias_or_a_merge_key_is_refused_where_it_stands(plan_text):
    aliased = plan_text.replace("residents: 3868", "residents: *tal", 1)
    assert problems_of(aliased) == [(ANCHORS, aliased[: aliased.index("*tal")].count("\n") + 1)]
    merged = "base: &base {lbf: 1}\nbudget:\n  <<: *base\n"
    assert problems_of(merged) == [(ANCHORS, 1)]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (PYTHON_TAG, "!!python/object/apply:os.system"),
        ("slug: !!python/name:os.system x\n", "!!python/name:os.system"),
        ("slug: x\nbodies: !!python/object/new:subprocess.Popen [[ls]]\n", "!!python/object/new"),
        ("slug: x\nname: !ruby/object:Gem::Installer {}\n", "!ruby/object:Gem::Installer"),
        ("slug: x\nname: !!binary aGVq\n", "!!binary"),
        ("slug: x\nareas: !!set {a: null}\n", "!!set"),
    ],
    ids=["python object", "python name", "python new", "ruby", "binary", "set"],
)
def test_a_foreign_tag_is_refused_with_its_name_and_line(text, shown):
    [(message, line)] = problems_of(text)

    assert message.startswith(f"YAML-mærket «{shown}")
    assert message.endswith("er ikke tilladt i en planfil. Skriv værdien uden mærke")
    assert line == text.count("\n")


def test_a_python_tag_never_runs():
    with pytest.raises(PlanFileError):
        validate_text(PYTHON_TAG)

    assert not __import__("os").path.exists(PWNED)


def test_yamls_own_plain_tags_are_still_allowed(plan_text):
    tagged = plan_text.replace("residents: 3868", "residents: !!int 3868", 1)
    plan_in, _ = validate_text(tagged)
    assert plan_in.residents == 3868


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * 100_000 + "]" * 100_000, 1),
        ("".join(f"{'  ' * level}a:\n" for level in range(40)), 20),
    ],
    ids=["flow", "block"],
)
def test_deep_nesting_is_refused_before_python_runs_out_of_stack(text, line):
    assert problems_of(text) == [("planfilen er indlejret mere end 20 niveauer dybt", line)]


def test_a_plan_file_over_2_mb_is_refused_before_it_is_parsed(plan_text):
    huge = plan_text + "#" + "x" * (2 * 1024 * 1024) + "\n"

    assert problems_of(huge) == [
        (
            f"filen er for stor ({len(huge.encode()) / 1024**2:.1f} MB); en planfil må højst "
            "fylde 2 MB".replace(".", ",", 1),
            None,
        )
    ]


# --- too many nodes: a 2 MB file of a million tiny items ---------------------------------------

TOO_MANY = (
    "filen har mere end 50.000 elementer (nøgler, værdier og lister); en planfil må højst have "
    "50.000 (den medfølgende Randers Nordby-plan har omkring 3.600)"
)


def zeros(count: int) -> str:
    """A flow list of `count` zeros: 1 + count nodes."""
    return "[" + ",".join(["0"] * count) + "]"


def node_count(text: str) -> int:
    nodes, stack = 0, [yaml.compose(text, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        nodes += 1
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return nodes


def test_a_2_mb_file_of_a_million_items_is_refused_quickly_naming_the_limit():
    bomb = "[" + "0," * 1_048_574 + "0]"
    assert len(bomb.encode()) <= source.PLAN_FILE_MAX_BYTES  # under the byte limit

    start = time.perf_counter()
    problems = problems_of(bomb)
    elapsed = time.perf_counter() - start

    assert problems == [(TOO_MANY, 1)]
    # The pure-Python reader took 19 s (issue 17) to 53 s (this machine, busy) to build it.
    assert elapsed < 5, f"{elapsed:.1f} s"


def test_the_node_limit_is_50000_so_the_limit_is_read_and_one_more_is_refused():
    assert source.PLAN_FILE_MAX_NODES == 50_000

    at_limit = source.parse(zeros(source.PLAN_FILE_MAX_NODES - 1))
    with pytest.raises(PlanFileError) as over:
        source.parse(zeros(source.PLAN_FILE_MAX_NODES))

    assert len(at_limit.data) == source.PLAN_FILE_MAX_NODES - 1
    assert [(p.message, p.line) for p in over.value.problems] == [(TOO_MANY, 1)]


def test_the_line_named_is_where_the_limit_was_passed():
    text = "slug: x\nnames:\n" + "".join(f"- n{index}\n" for index in range(30_000))
    text += "extra:\n" + "".join(f"- e{index}\n" for index in range(30_000))
    # The mapping, slug, x, names and its list are nodes 1-5, n0-n29999 are 6-30,005, extra and
    # its list 30,006-30,007: e19992 is node 50,000, e19993 the one too many.

    assert problems_of(text) == [(TOO_MANY, text[: text.index("- e19993\n")].count("\n") + 1)]


@pytest.mark.parametrize("limit", [9, 10, 11])
def test_the_pure_python_reader_keeps_the_same_limit(monkeypatch, limit):
    # Where PyYAML has no libyaml, the same composer counts the nodes.
    monkeypatch.setattr(source, "_PlanFileLoader", source._PurePythonLoader)
    monkeypatch.setattr(source, "PLAN_FILE_MAX_NODES", limit)
    ten_nodes = zeros(9)

    if limit >= 10:
        assert source.parse(ten_nodes).data == [0] * 9
    else:
        with pytest.raises(PlanFileError) as error:
            source.parse(ten_nodes)
        assert error.value.problems[0].message.startswith("filen har mere end 9 elementer")


def test_libyamls_parser_reads_the_plan_file_where_pyyaml_has_it():
    assert yaml.__with_libyaml__  # the project's PyYAML wheels are built with it
    assert issubclass(source._PlanFileLoader, yaml.cyaml.CParser)
    # ...and the checks still run in our composer, not libyaml's (which would skip them).
    assert source._PlanFileLoader.get_single_node is yaml.composer.Composer.get_single_node


def test_the_shipped_plan_and_both_templates_are_far_below_the_limit_and_still_load(plan_text):
    texts = {"randers-nordby-2017-21": plan_text}
    for template in TEMPLATES:
        texts[template] = template_text(
            template, slug=f"ny-{template}", name="Ny plan", start=datetime.date(2027, 6, 1)
        )

    for name, text in texts.items():
        assert node_count(text) * 10 < source.PLAN_FILE_MAX_NODES, name
        plan_in, _ = validate_text(text)
        assert plan_in.slug in {SLUG, f"ny-{name}"}


def test_the_upload_page_refuses_a_file_of_a_million_items_and_changes_nothing(
    client, plan, sekretariat
):
    client.force_login(sekretariat)
    before = (Plan.objects.count(), PlanFileVersion.objects.count(), Activity.objects.count())
    bomb = io.BytesIO(("[" + "0," * 1_048_574 + "0]").encode())
    bomb.name = "mange.yaml"

    response = client.post(reverse("planning_create:upload"), {"file": bomb})

    assert response.status_code == 400
    assert [(p.message, p.line) for p in response.context["problems"]] == [(TOO_MANY, 1)]
    assert TOO_MANY in response.content.decode()
    assert (
        Plan.objects.count(),
        PlanFileVersion.objects.count(),
        Activity.objects.count(),
    ) == before


def test_an_exported_plan_never_uses_anchors_so_it_always_reads_back(plan):
    day = datetime.date(2017, 6, 1)
    shared = {"lbf": 1, "local": 2}

    text = dump_plan_data({"period": {"start": day, "end": day}, "a": shared, "b": shared})

    assert "&" not in text and "*" not in text
    assert text.count("2017-06-01") == 2


# --- through the command line, the upload page and a change request ---------------------------


def test_plan_validate_refuses_a_bomb_in_danish_with_a_non_zero_exit(tmp_path, capsys):
    path = tmp_path / "bombe.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command("plan", "validate", str(path))

    assert refused.value.returncode == 1
    assert f"planfilen: {ANCHORS} (linje 1)" in capsys.readouterr().err
    assert str(refused.value) == "Planfilen er ikke gyldig: 1 fejl. Intet er gemt."


def test_plan_validate_refuses_a_file_over_2_mb_before_reading_it(tmp_path, capsys):
    path = tmp_path / "stor.yaml"
    with path.open("wb") as out:
        out.truncate(3 * 1024 * 1024)

    with pytest.raises(CommandError) as refused:
        call_command("plan", "validate", str(path))

    assert "Filen er for stor (3,0 MB). Den må højst fylde 2 MB." in str(refused.value)


def test_the_upload_page_refuses_a_bomb_and_creates_no_plan(client, plan, sekretariat):
    client.force_login(sekretariat)
    bomb = io.BytesIO(BILLION_LAUGHS.encode())
    bomb.name = "bombe.yaml"

    response = client.post(reverse("planning_create:upload"), {"file": bomb})

    assert response.status_code == 400
    assert [(p.message, p.line) for p in response.context["problems"]] == [(ANCHORS, 1)]
    assert Plan.objects.count() == 1


def test_a_change_request_with_a_python_tag_is_refused_and_not_stored(client, plan, sekretariat):
    assert client.login(username="sekretariat", password=PASSWORD)
    upload = io.BytesIO(PYTHON_TAG.replace("slug: x", f"slug: {SLUG}").encode())
    upload.name = "plan.yaml"

    response = client.post(
        reverse("governance:change_file", args=[SLUG]),
        {"fil-title": "Farlig", "fil-reason": "", "fil-file": upload},
        follow=True,
    )

    page = response.content.decode()
    assert "YAML-mærket «!!python/object/apply:os.system»" in page
    assert not plan.change_requests.exists()


def test_a_checked_text_is_read_by_libyaml_to_the_same_data_as_the_checking_reader():
    """Stored versions and validated proposals are read again for agreements, comparisons and
    change requests; that reading must give exactly what the checking reader gave."""
    text = PLAN_FILE.read_text(encoding="utf-8")

    assert yaml.__with_libyaml__  # the fast path is the one taken (pyyaml's wheels have it)
    assert source.read_checked(text) == source.parse(text).data == yaml.safe_load(text)
