"""Commands and card actions of the reports capability."""
