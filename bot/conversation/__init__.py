"""The conversation:
code that takes an officer's turn (routing, commands, drafts, describing, managing, introducing,
rendering, access, administering in chat).
"""
