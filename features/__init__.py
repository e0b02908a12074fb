"""The capabilities, one package each, installed at start from this one list.

Adding a capability means one folder (`features/<name>/`, declaring a
`Feature` in its `__init__.py`), one model file with its migration, and one
line here. Capabilities never import each other: what one needs from another
goes through the registry's contributions (`chat.registry.Feature`).
"""

from __future__ import annotations

from chat.registry import Feature
from features import cameras, incidents, register, reminders, reports, rights

FEATURES: tuple[Feature, ...] = (incidents.FEATURE, register.FEATURE, rights.FEATURE,
                                 cameras.FEATURE, reports.FEATURE, reminders.FEATURE)
