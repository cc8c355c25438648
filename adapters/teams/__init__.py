"""Microsoft Teams: the Microsoft 365 Agents SDK route that keeps each activity for its turn, the runner
that takes the turn in a worker, translation to and from Adaptive Cards, and proactive sends.
"""
