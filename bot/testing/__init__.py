"""Test doubles and the demo: the fake Bot API, update builders, the demo console and dashboard.

Production code never imports this package (the CLI's `demo` command imports it inside the function)."""
