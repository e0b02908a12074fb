"""The law and the workflow of incidents, pure: no storage, cards or chat."""
