"""Teams' rate limits, kept on our side so that they are rarely hit.

Teams limits each bot per conversation (documented: 7 messages a second, 8 in
two seconds, 60 in thirty seconds, 1,800 an hour) and per app and tenant
(50 requests a second). A `SlidingWindow` admits at most `count` requests in
any `seconds`: a request waits until the oldest one in its window has left
it. The tenant's ceiling is configurable and defaults below Teams' own, so that
a 429 stays the exception; the 429s that still come are retried by the
outbox after their Retry-After.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

# Per bot and conversation (Teams' documented limits for sending to a conversation).
CONVERSATION_LIMITS: tuple[tuple[int, float], ...] = ((7, 1.0), (8, 2.0), (60, 30.0),
                                                      (1800, 3600.0))
DEFAULT_TENANT_CEILING = 40  # requests a second; Teams allows 50 per app and tenant
POLL_SECONDS = 0.002


class SlidingWindow:
    """At most `count` requests reach the service in any `seconds`.

    A request counts from the moment it is admitted until `seconds` after its
    answer came back. Counting from the answer rather than from the admission
    makes the guarantee hold however long a request took to leave (a token
    refresh, a new connection): it arrived before it was answered.
    """

    def __init__(self, count: int, seconds: float, *, clock: Callable[[], float],
                 sleep: Callable[[float], Awaitable[None]]) -> None:
        self.count = count
        self.seconds = seconds
        self._clock = clock
        self._sleep = sleep
        self._in_flight = 0
        self._answered: deque[float] = deque()  # when answered, in that order
        self._lock = asyncio.Lock()

    def wait_needed(self, now: float) -> float:
        while self._answered and self._answered[0] <= now - self.seconds:
            self._answered.popleft()
        if self._in_flight + len(self._answered) < self.count:
            return 0.0
        if self._answered:
            return self._answered[0] + self.seconds - now
        return POLL_SECONDS  # all in flight: wait for an answer

    async def acquire(self) -> None:
        # One waiter at a time, first come first served: nobody starves.
        async with self._lock:
            while (wait := self.wait_needed(self._clock())) > 0:
                await self._sleep(wait)
            self._in_flight += 1

    def release(self) -> None:
        """The request was answered (or failed)."""
        self._in_flight -= 1
        self._answered.append(self._clock())


@dataclass
class RateLimits:
    """The windows for every tenant and conversation the bot sends to."""

    tenant_ceiling: int = DEFAULT_TENANT_CEILING
    conversation_limits: tuple[tuple[int, float], ...] = CONVERSATION_LIMITS
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    def __post_init__(self) -> None:
        self._tenants: dict[str, SlidingWindow] = {}
        self._conversations: dict[str, list[SlidingWindow]] = {}

    @contextlib.asynccontextmanager
    async def slot(self, tenant_id: str, conversation_id: str) -> AsyncIterator[None]:
        """Hold one request's place in the conversation's and the tenant's windows."""
        # The conversation first: waiting for it must not hold a tenant slot idle.
        windows = [*self._conversation(conversation_id), self._tenant(tenant_id)]
        taken = []
        try:
            for window in windows:
                await window.acquire()
                taken.append(window)
            yield
        finally:
            for window in taken:
                window.release()

    def _tenant(self, tenant_id: str) -> SlidingWindow:
        window = self._tenants.get(tenant_id)
        if window is None:
            window = self._tenants[tenant_id] = SlidingWindow(
                self.tenant_ceiling, 1.0, clock=self.clock, sleep=self.sleep)
        return window

    def _conversation(self, conversation_id: str) -> list[SlidingWindow]:
        windows = self._conversations.get(conversation_id)
        if windows is None:
            if len(self._conversations) > 50_000:
                self._conversations.clear()  # idle ones are forgotten, not kept forever
            windows = self._conversations[conversation_id] = [
                SlidingWindow(count, seconds, clock=self.clock, sleep=self.sleep)
                for count, seconds in self.conversation_limits]
        return windows
