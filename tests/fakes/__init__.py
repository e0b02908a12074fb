"""Look-alikes of the Microsoft services the bot talks to, as real HTTP servers on loopback."""

from tests.fakes.connector import FakeConnector
from tests.fakes.identity import FakeIdentity
from tests.fakes.loopback import LoopbackServer, ServedApp

__all__ = ["FakeConnector", "FakeIdentity", "LoopbackServer", "ServedApp"]
