"""The Rasa server does not import the action package: two processes, two environments.

rasa_ext/ gets what it needs of the action side from the domain (the check's answer slots) and
from files that `make facts` generates (rasa_ext/data/, scripts/build_server_data.py). These
tests may import both sides; the server's own code may not.
"""
from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain

from actions.eligibility import SENSITIVE_SLOTS
from rasa_ext.stores.redaction import sensitive_slots

pytestmark = pytest.mark.unit


def test_the_domain_gives_the_sensitive_slots_of_the_action_package():
    """The store redacts and never carries over exactly the answers the action server treats as sensitive."""
    assert sensitive_slots(Domain.from_path("domain.yml")) == frozenset(SENSITIVE_SLOTS)
    assert len(SENSITIVE_SLOTS) == 17


def test_a_domain_without_the_check_has_no_sensitive_slots():
    assert sensitive_slots(Domain.empty()) == frozenset()
    assert sensitive_slots(None) == frozenset()
