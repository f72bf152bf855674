"""The version of dedup (read by the build, the CLI and checkpoints; importing it imports nothing)."""

__version__ = "0.1.0"
