"""Commands and card actions of footage requests."""
