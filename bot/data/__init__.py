"""Package data of the core: the council directory (built by scripts/build_directory.py)."""
