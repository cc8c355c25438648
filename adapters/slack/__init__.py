"""Slack:
a slack-bolt app that verifies, stores and acknowledges events, and a notifier that sends the core's
messages.
"""
