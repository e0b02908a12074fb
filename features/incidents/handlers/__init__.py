"""Card actions and commands of the incident capability."""
