"""Nothing that looks like a CPR number is stored; pseudonyms are letters, digits and dashes."""

import pytest
from django.core.exceptions import ValidationError

from helhedsplan.core.privacy import looks_like_cpr, refuse_cpr, validate_participant_code


@pytest.mark.parametrize(
    "text",
    ["010190-1234", "0101901234", "Barnet 311299 1234 kom", "cpr: 290200-4321", "1501851111"],
)
def test_cpr_like_numbers_are_recognised_with_or_without_dash(text):
    assert looks_like_cpr(text)


@pytest.mark.parametrize(
    "text",
    ["P-0001", "16.055.000 kr.", "tlf. 20218240", "321390-1234", "2017-2021", "3213901234", ""],
)
def test_other_numbers_are_not_taken_for_cpr(text):
    assert not looks_like_cpr(text)


def test_free_text_with_a_cpr_number_is_refused_in_danish():
    with pytest.raises(ValidationError, match="ligner et CPR-nummer"):
        refuse_cpr("Familien (010190-1234) deltog")


@pytest.mark.parametrize("code", ["P-0001", "hs-17", "A1B2"])
def test_pseudonyms_are_accepted(code):
    validate_participant_code(code)


@pytest.mark.parametrize("code", ["010190-1234", "0101901234", "Anna Hansen", "P_1", "-P1"])
def test_cpr_numbers_and_names_are_not_participant_codes(code):
    with pytest.raises(ValidationError):
        validate_participant_code(code)
