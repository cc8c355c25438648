"""Events in and messages out:
the inbound event queue, the delivery port and its sender, messages kept to send again, addresses
and rate limits.
"""
