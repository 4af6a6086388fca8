"""The `cchc-bot` command line, one module per command group; `main` parses and dispatches."""

from bot.cli.main import main

__all__ = ["main"]
