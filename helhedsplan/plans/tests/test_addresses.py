"""The address rules of the seed, tested at their edges, and the forms people type."""

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from helhedsplan.conftest import PLAN_FILE
from helhedsplan.plans.addresses import AddressError, Rule, check_address, parse_address


def _seed_rules() -> list[Rule]:
    data = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    return [
        Rule(area["key"], area["name"], r["street"], r["numbers"], r.get("from"), r.get("to"))
        for area in data["areas"]
        for r in area["coverage"]
    ]


RULES = _seed_rules()
JENNUM, GLARBJERG, VANGDAL = "Gl. Jennumparken", "Området omkring Glarbjergvej", "Vangdalsparken"


def area_of(address: str):
    return check_address(address, RULES)["area"]


# Each row: an address and the area it lies in (None: outside), at the edges of every rule
# printed in the seed's "Adresser i området".
EDGES = [
    # Vangdalsparken: five streets with all numbers, Ved Byskellet odd only.
    ("Rørhaven 1", VANGDAL),
    ("Rørhaven 2", VANGDAL),
    ("Sivhaven 15", VANGDAL),
    ("Basthaven 4", VANGDAL),
    ("Bambushaven 7", VANGDAL),
    ("Græshaven 10", VANGDAL),
    ("Ved Byskellet 1", VANGDAL),
    ("Ved Byskellet 33", VANGDAL),
    ("Ved Byskellet 2", None),
    ("Ved Byskellet 34", None),
    # Glarbjergvej 88-156 (kun lige numre) + 109-111.
    ("Glarbjergvej 88", GLARBJERG),
    ("Glarbjergvej 156", GLARBJERG),
    ("Glarbjergvej 86", None),
    ("Glarbjergvej 158", None),
    ("Glarbjergvej 89", None),
    ("Glarbjergvej 155", None),
    ("Glarbjergvej 107", None),
    ("Glarbjergvej 109", GLARBJERG),
    ("Glarbjergvej 110", GLARBJERG),
    ("Glarbjergvej 111", GLARBJERG),
    ("Glarbjergvej 113", None),
    # Nørrebrogade 96-182 (kun lige numre).
    ("Nørrebrogade 96", GLARBJERG),
    ("Nørrebrogade 182", GLARBJERG),
    ("Nørrebrogade 94", None),
    ("Nørrebrogade 184", None),
    ("Nørrebrogade 97", None),
    ("Nørrebrogade 181", None),
    # Hadsundvej 85-93 (kun ulige numre).
    ("Hadsundvej 85", GLARBJERG),
    ("Hadsundvej 93", GLARBJERG),
    ("Hadsundvej 83", None),
    ("Hadsundvej 95", None),
    ("Hadsundvej 86", None),
    ("Hadsundvej 92", None),
    # Infanterivej 1-31, Glentevej 1-9, Brigadevej 1-21 (kun ulige numre).
    ("Infanterivej 1", GLARBJERG),
    ("Infanterivej 31", GLARBJERG),
    ("Infanterivej 33", None),
    ("Infanterivej 2", None),
    ("Infanterivej 30", None),
    ("Glentevej 1", GLARBJERG),
    ("Glentevej 9", GLARBJERG),
    ("Glentevej 11", None),
    ("Glentevej 8", None),
    ("Brigadevej 1", GLARBJERG),
    ("Brigadevej 21", GLARBJERG),
    ("Brigadevej 23", None),
    ("Brigadevej 20", None),
    # Falkevej: all numbers.
    ("Falkevej 1", GLARBJERG),
    ("Falkevej 100", GLARBJERG),
    # Gl. Jennumparken: Flyvervej and Kompagnivej all numbers.
    ("Flyvervej 1", JENNUM),
    ("Flyvervej 58", JENNUM),
    ("Kompagnivej 3", JENNUM),
    ("Kompagnivej 44", JENNUM),
    # Husarvej (alle ulige numre og lige numre 2-40).
    ("Husarvej 1", JENNUM),
    ("Husarvej 99", JENNUM),
    ("Husarvej 2", JENNUM),
    ("Husarvej 40", JENNUM),
    ("Husarvej 42", None),
    # Gl. Jennumvej (kun lige numre).
    ("Gl. Jennumvej 2", JENNUM),
    ("Gl. Jennumvej 120", JENNUM),
    ("Gl. Jennumvej 1", None),
    ("Gl. Jennumvej 121", None),
    # Garnisonsvej (ulige numre 1-3, 7-35 og lige numre 30-40).
    ("Garnisonsvej 1", JENNUM),
    ("Garnisonsvej 3", JENNUM),
    ("Garnisonsvej 5", None),
    ("Garnisonsvej 7", JENNUM),
    ("Garnisonsvej 35", JENNUM),
    ("Garnisonsvej 37", None),
    ("Garnisonsvej 2", None),
    ("Garnisonsvej 28", None),
    ("Garnisonsvej 30", JENNUM),
    ("Garnisonsvej 40", JENNUM),
    ("Garnisonsvej 42", None),
    ("Garnisonsvej 4", None),
    # A street that is not in the plan at all.
    ("Vestergade 12", None),
]


@pytest.mark.parametrize(("address", "area"), EDGES)
def test_seed_street_rule_edges(address, area):
    assert area_of(address) == area


def test_every_seed_street_is_covered_by_the_edge_table():
    tested = {parse_address(address).street for address, _ in EDGES}
    assert {rule.street for rule in RULES} <= tested


@pytest.mark.parametrize(
    ("typed", "street", "number", "letter"),
    [
        ("Husarvej 12B, 2. tv, 8930 Randers NØ", "Husarvej", 12, "B"),
        ("husarvej 12b", "Husarvej", 12, "B"),
        ("HUSARVEJ   12   B", "Husarvej", 12, "B"),
        ("  Husarvej 12, st. th.", "Husarvej", 12, None),
        ("Husarvej 12 st", "Husarvej", 12, None),
        ("Gammel Jennumvej 4", "Gl. Jennumvej", 4, None),
        ("gl jennumvej 4", "Gl. Jennumvej", 4, None),
        ("GL. JENNUMVEJ 4, 1. sal", "Gl. Jennumvej", 4, None),
        ("Roerhaven 3", "Rørhaven", 3, None),
        ("Ved  byskellet 5", "Ved Byskellet", 5, None),
    ],
)
def test_the_forms_people_type_are_understood(typed, street, number, letter):
    result = check_address(typed, RULES)
    assert (result["street"], result["number"], result["letter"]) == (street, number, letter)
    assert result["covered"] is True
    assert result["input"] == typed


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "Husarvej", "Husarvej, 8930 Randers NØ", "12", "8930 Randers NØ", "Husarvej 12345"],
)
def test_an_address_without_house_number_is_refused_with_a_danish_message(typed):
    with pytest.raises(AddressError, match=r"(husnummer|Skriv en adresse)"):
        check_address(typed, RULES)


@given(st.integers(min_value=1, max_value=999))
def test_parity_rules_cover_exactly_their_parity(number):
    assert Rule("a", "A", "Vej", "odd").covers(number) == (number % 2 == 1)
    assert Rule("a", "A", "Vej", "even").covers(number) == (number % 2 == 0)
    assert Rule("a", "A", "Vej", "all").covers(number)


@given(st.integers(1, 300), st.integers(1, 300), st.integers(1, 300))
def test_ranges_include_both_ends_and_nothing_outside(low, high, number):
    low, high = min(low, high), max(low, high)
    assert Rule("a", "A", "Vej", "all", low, high).covers(number) == (low <= number <= high)


def test_a_house_number_of_five_digits_is_called_too_long():
    with pytest.raises(AddressError, match="husnummeret er for langt"):
        parse_address("Husarvej 12345")
