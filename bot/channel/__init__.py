"""The Teams edge: transport to and from the Bot Framework (the only code that speaks HTTP)."""
