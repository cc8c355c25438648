"""The local console: the whole bot in a terminal, one person playing several officers, scriptable."""
