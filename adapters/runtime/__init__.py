"""The runtime every platform shares:
the inbound event queue and its write buffer, in-flight work, per-officer ordering.
"""
