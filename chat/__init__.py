"""The conversation kernel, free of the Bot Framework SDK: who is speaking, the
registry of capabilities, the router, guided dialogs, record actions, the platform."""
