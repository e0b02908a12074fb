"""The reminders capability's cards."""
