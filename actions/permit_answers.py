"""Old import path of the permit-detail parsers, now in actions/answer_parsing/permit.py."""
from actions.answer_parsing.permit import (  # noqa: F401
    parse_identity_60d,
    parse_lawful_years,
    parse_permit_first_year,
    parse_permit_kind,
)
