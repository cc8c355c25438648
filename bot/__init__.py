"""Notalone's platform-neutral core; each layer imports only those below it (tests/test_layers.py):

- `core`: the front door, one event in and one transaction, and the periodic jobs;
- `conversation/`: code that takes an officer's turn;
- `admin/`: workspace administration;
- `domain/`: code that takes a database session;
- `delivery/`: events in, messages out;
- `storage/`: tables and plumbing;
- beneath them all, the shared foundations: `messages`, `wording`, `errors`, `clock`, `settings`.
"""
