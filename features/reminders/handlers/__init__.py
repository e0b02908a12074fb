"""The reminders capability's command and card actions."""
