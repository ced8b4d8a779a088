"""Does an address lie in the plan's area? The "Adresser i området" rules, without a database.

People type addresses in many ways ("Husarvej 12B, 2. tv, 8930 Randers NØ", "gammel jennumvej 4",
"HUSARVEJ  12 b"); the street is compared in a normalised form, the house number as a number.
"""

import re
from dataclasses import dataclass

_NUMBER = re.compile(
    r"^\s*(?P<street>[^\d,]+?)\s*(?P<number>\d{1,4})(?!\d)\s*(?P<letter>[a-zæøå](?![a-zæøå]))?",
    re.IGNORECASE,
)
_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


class AddressError(ValueError):
    """The input cannot be read as an address with a house number."""


@dataclass(frozen=True)
class Rule:
    area_key: str
    area_name: str
    street: str
    numbers: str  # all | odd | even
    low: int | None = None
    high: int | None = None

    def covers(self, number: int) -> bool:
        if self.numbers == "odd" and number % 2 == 0:
            return False
        if self.numbers == "even" and number % 2 == 1:
            return False
        if self.low is not None and number < self.low:
            return False
        return not (self.high is not None and number > self.high)


@dataclass(frozen=True)
class ParsedAddress:
    street: str
    number: int
    letter: str


def normalise_street(street: str) -> str:
    text = street.casefold().translate(_TRANSLITERATE)
    text = re.sub(r"[.\-]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    # "Gl." and "Gammel" are the same word on Danish street signs.
    return re.sub(r"^gammel\b", "gl", text)


def parse_address(text: str) -> ParsedAddress:
    cleaned = re.sub(r"\s+", " ", (text or "")).strip()
    if not cleaned:
        raise AddressError("Skriv en adresse, fx «Husarvej 12B, 8930 Randers NØ».")
    if re.search(r"^[^,]*?\d{5,}", cleaned):
        raise AddressError(
            f"«{cleaned}»: husnummeret er for langt. Skriv vej og nummer, fx «Husarvej 12B»."
        )
    match = _NUMBER.match(cleaned)
    if not match or not match.group("street").strip(" .,"):
        raise AddressError(
            f"«{cleaned}» mangler et husnummer. Skriv vej og nummer, fx «Husarvej 12B»."
        )
    return ParsedAddress(
        street=re.sub(r"\s+", " ", match.group("street")).strip(" ,"),
        number=int(match.group("number")),
        letter=(match.group("letter") or "").upper(),
    )


def check_address(text: str, rules: list[Rule]) -> dict:
    """The answer the CLI and the web form give: covered or not, and in which area."""
    parsed = parse_address(text)
    wanted = normalise_street(parsed.street)
    same_street = [rule for rule in rules if normalise_street(rule.street) == wanted]
    covering = next((rule for rule in same_street if rule.covers(parsed.number)), None)
    return {
        "input": text,
        "covered": covering is not None,
        "area": covering.area_name if covering else None,
        "street": same_street[0].street if same_street else parsed.street,
        "number": parsed.number,
        "letter": parsed.letter or None,
    }
