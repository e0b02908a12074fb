"""Commands, card actions and typed questions of the rights capability."""
