"""Look-alikes of the Microsoft services the bot talks to, as real HTTP servers on loopback."""

from tests.support.fakes.connector import FakeConnector
from tests.support.fakes.identity import FakeIdentity
from tests.support.fakes.loopback import LoopbackServer, ServedApp

__all__ = ["FakeConnector", "FakeIdentity", "LoopbackServer", "ServedApp"]
