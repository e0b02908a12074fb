"""The reports capability's cards."""
