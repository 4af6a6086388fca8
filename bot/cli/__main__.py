"""`python -m bot.cli …` (the process tests and the demo start the bot this way)."""

import sys

from bot.cli import main

sys.exit(main())
