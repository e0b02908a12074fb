"""The reminders' own rules, pure: office hours on Swedish working days, and reading
a policy's parameters as a DSO types them. No storage, cards or chat."""
