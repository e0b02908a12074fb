"""The platform's cards."""
