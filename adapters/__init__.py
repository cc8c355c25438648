"""Adapters:
the platforms (Slack, Teams, the browser trial, the console), the runtime they share, and the
processes and commands that host them.
"""
