"""Per-client limits for the public channels (issue #18): token buckets per sender id and per
client address, so one script cannot take the service down for everyone.

A message from a sender whose previous turn has finished always passes the sender's bucket:
a person (or the benchmark's users) sending one message after another is never refused, and
such a client can keep at most one of Rasa's workers busy. Only messages that pile up while a
turn of the same sender is still running draw on the sender's bucket. The address bucket
counts every message and stops a script that rotates sender ids.

Sizes come from the environment (burst, then refill per second); a burst of 0 switches a
limit off:

    LOTSE_LIMIT_SENDER=5,1        queued messages per sender: 5 at once, 1 more per second
    LOTSE_LIMIT_ADDRESS=300,100   messages per client address: 300 at once, 100 per second

Behind a reverse proxy, Sanic reads the client address from X-Forwarded-For only when
SANIC_PROXIES_COUNT (or SANIC_REAL_IP_HEADER) is set: see docs/deployment.md.
"""
from __future__ import annotations

import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

SLOW_DOWN = "Bitte etwas langsamer: Sie haben sehr viele Nachrichten auf einmal geschickt. Warten Sie kurz."
DEFAULT_SENDER = "5,1"
DEFAULT_ADDRESS = "300,100"
MAX_KEYS = 100_000  # buckets kept in memory; the least recently used go first


@dataclass(frozen=True)
class BucketSize:
    """A token bucket's size: a burst, refilled at a steady rate (0 switches the limit off)."""
    burst: float
    per_second: float

    @property
    def enabled(self) -> bool:
        """The limit is on."""
        return self.burst > 0

    @classmethod
    def parse(cls, text: str) -> BucketSize:
        """"5,1" → burst 5, refill 1 per second. Anything else is a configuration error."""
        try:
            burst, per_second = (float(part) for part in text.split(","))
        except ValueError:
            raise ValueError(f"a limit is 'burst,per_second', for example '5,1', not {text!r}") from None
        if burst < 0 or per_second < 0:
            raise ValueError(f"a limit cannot be negative: {text!r}")
        return cls(burst, per_second)


class TokenBuckets:
    """One token bucket per key; beyond max_keys the least recently used are forgotten."""

    def __init__(self, size: BucketSize, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = MAX_KEYS) -> None:
        self.size, self.clock, self.max_keys = size, clock, max_keys
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key → (tokens, when)

    def take(self, key: str) -> bool:
        """Take a token from the key's bucket; False when it is empty."""
        if not self.size.enabled:
            return True
        now = self.clock()
        tokens, then = self.buckets.pop(key, (self.size.burst, now))
        tokens = min(self.size.burst, tokens + (now - then) * self.size.per_second)
        allowed = tokens >= 1
        self.buckets[key] = (tokens - 1 if allowed else tokens, now)
        while len(self.buckets) > self.max_keys:
            self.buckets.popitem(last=False)
        return allowed


class ClientLimits:
    """admit() before a turn, finish() after it (also when the turn failed)."""

    def __init__(self, sender_size: BucketSize, address_size: BucketSize,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.senders = TokenBuckets(sender_size, clock)
        self.addresses = TokenBuckets(address_size, clock)
        self.running: dict[str, int] = {}

    @classmethod
    def from_env(cls) -> ClientLimits:
        """The limits from LOTSE_LIMIT_SENDER and LOTSE_LIMIT_ADDRESS, or the defaults."""
        return cls(BucketSize.parse(os.environ.get("LOTSE_LIMIT_SENDER", DEFAULT_SENDER)),
                   BucketSize.parse(os.environ.get("LOTSE_LIMIT_ADDRESS", DEFAULT_ADDRESS)))

    def admit(self, sender: str, address: str | None) -> bool:
        """Admit a message, unless its address, or its sender while a turn of theirs runs, is over the limit."""
        queued = self.running.get(sender, 0) > 0
        if queued and not self.senders.take(sender):
            return False
        if address and not self.addresses.take(address):
            return False
        self.running[sender] = self.running.get(sender, 0) + 1
        return True

    def finish(self, sender: str) -> None:
        """The sender's turn is over."""
        left = self.running.get(sender, 0) - 1
        if left > 0:
            self.running[sender] = left
        else:
            self.running.pop(sender, None)
