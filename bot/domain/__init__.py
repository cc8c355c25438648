"""The domain:
code that takes a database session (officers, workspaces, directory, plans, proposals, matchmaking,
the match index, erasure, export, retention, audit).
"""
