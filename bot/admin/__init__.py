"""Workspace administration: settings, who administers, statistics without secrets, the audit log.

Every entry point names the acting officer and the workspace acted upon; the core refuses unless that
officer administers that very workspace (see authority.py), whatever the adapter checked before.
"""
