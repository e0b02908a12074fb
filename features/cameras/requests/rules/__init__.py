"""The law of a footage request: pure, importing only `compliance`."""
