"""Microsoft Teams:
the Microsoft 365 Agents SDK route, its translation to and from Adaptive Cards, and proactive sends.
"""
