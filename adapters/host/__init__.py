"""The processes and commands: notalone serve, worker, chat, db, admin, keys, rank; logging and readiness."""
