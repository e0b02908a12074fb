"""The law of data-subject rights requests, pure: no storage, cards or chat."""
