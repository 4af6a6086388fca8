"""The office dashboard as a Telegram Mini App, served by the bot's own process (see README, "Dashboard")."""
