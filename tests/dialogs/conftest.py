from datetime import datetime

from compliance.localtime import STOCKHOLM

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=STOCKHOLM)
