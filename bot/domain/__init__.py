"""Pure rules and the types everything shares: no Telegram, no database, no file or network I/O.

Imports only the standard library, pure third-party libraries, `bot.domain` itself and `bot.texts`."""
