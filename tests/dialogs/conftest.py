from datetime import datetime

import pytest

import i18n
from compliance.localtime import STOCKHOLM

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def strict_texts():
    """Every text the engine asks for must exist in the catalogs."""
    i18n.set_strict(True)
    yield
    i18n.set_strict(False)
