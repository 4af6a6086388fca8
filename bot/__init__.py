"""cchc-bot: follow-up of administrative-reform remediation tasks over Telegram."""
