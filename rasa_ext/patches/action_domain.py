"""Send the action server the domain without its responses.

Rasa 3.6 puts the whole domain into every action-server request (`RemoteAction._action_call_format`,
`"domain": domain.as_dict()`). With the responses in seven languages it is ~120 KB of JSON: about
1.2 ms of CPU to encode in Rasa and 1.3 ms to decode in the action server, per call. No action reads
the responses (an action names a response, Rasa renders it); rasa_sdk's forms read only `slots` and
`forms`. Rasa's `enable_selective_domain` would leave out the domain for most actions, but always sends
it to `validate_*` form actions, which are half of the calls. Here every request that carries the domain
carries it without `responses`: the same keys otherwise, the same dict objects.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import KEY_RESPONSES

from rasa_ext.patches.replace import replace_method

DOMAIN_KEY = "domain"

# (the domain dict Rasa sent last, the same without responses): Rasa caches as_dict(), so this is
# computed once per loaded domain.
_slim: list[Any] = [None, None]


def without_responses(domain_dict: dict[str, Any]) -> dict[str, Any]:
    """The domain dict without `responses` (remembered for the last domain dict)."""
    if _slim[0] is not domain_dict:
        _slim[:] = [domain_dict, {key: value for key, value in domain_dict.items() if key != KEY_RESPONSES}]
    return _slim[1]


def slim_domain(original: Callable) -> Callable:
    """Rasa's request, with the domain (where it sends one) without responses."""
    def _action_call_format(self: RemoteAction, tracker: Any, domain: Any) -> dict[str, Any]:
        result = original(self, tracker, domain)
        if DOMAIN_KEY in result:
            result[DOMAIN_KEY] = without_responses(result[DOMAIN_KEY])
        return result
    return _action_call_format


def install() -> None:
    """Wrap RemoteAction._action_call_format (once)."""
    replace_method(RemoteAction, "_action_call_format", slim_domain)
