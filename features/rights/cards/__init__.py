"""The rights capability's cards."""
