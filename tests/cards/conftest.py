import pytest

import i18n


@pytest.fixture(autouse=True)
def strict_texts():
    """In these tests a missing catalog text is an error, not a silent fallback."""
    i18n.set_strict(True)
    i18n.clear_misses()
    yield
    i18n.set_strict(False)
