"""What every CLI command group shares: errors, the engine with its failure messages, file reading."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from bot.settings import Settings, SettingsError
from db.directives import get_directive, list_directives
from db.engine import create_schema, make_engine

MAX_DIRECTIVE_FILE_BYTES = 20_000_000  # a scanned PDF; Telegram lets a bot download up to 20 MB


class CliError(Exception):
    """A user mistake: printed as one line, exit code 1."""


class ServiceUnreachable(CliError):
    """PostgreSQL or the Bot API cannot be reached: one line, exit code 1 (the configuration may be right)."""


_ENGINES: dict[str, object] = {}


def _engine(settings: Settings):
    """One engine per process, its schema brought to the newest revision (logged when it moves)."""
    if settings.database_url not in _ENGINES:
        from db.migrate import is_current, upgrade

        engine = _make_engine(settings)
        try:
            if engine.url.get_backend_name() == "sqlite" and engine.url.database in (None, "", ":memory:"):
                create_schema(engine)  # a throwaway in-memory database needs no migration history
            elif not is_current(engine):
                upgrade(engine)
        except DBAPIError as exc:
            raise _database_failure(engine, exc) from exc
        _ENGINES[settings.database_url] = engine
    return _ENGINES[settings.database_url]


def _make_engine(settings: Settings):
    """make_engine, with a missing driver or an uncreatable data directory said in one line."""
    url = make_url(settings.database_url)
    try:
        return make_engine(settings.database_url)
    except ModuleNotFoundError as exc:
        raise SettingsError(
            f"DATABASE_URL dùng {url.drivername} nhưng chưa cài trình điều khiển ({exc.name}): "
            "chạy pip install 'cchc-bot[postgres]'") from exc
    except OSError as exc:
        folder = Path(url.database or ".").parent
        raise SettingsError(f"DATABASE_URL: không tạo được thư mục dữ liệu {folder} ({exc.strerror or exc}).") from exc


def _database_failure(engine, exc: DBAPIError) -> Exception:
    """What a failed first connection means: a wrong file is configuration (exit 2), a server that does not
    answer is a service (exit 1)."""
    text = str(getattr(exc, "orig", exc)).strip()
    reason = text.splitlines()[0] if text else type(exc).__name__
    url = engine.url
    if url.get_backend_name() == "sqlite":
        if "not a database" in reason or "malformed" in reason:
            return SettingsError(f"DATABASE_URL trỏ tới {url.database}, tệp này không phải cơ sở dữ liệu SQLite.")
        return SettingsError(f"DATABASE_URL: không mở được tệp SQLite {url.database} ({reason}).")
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    return ServiceUnreachable(f"Không kết nối được PostgreSQL tại {where} ({reason}); "
                              "hãy kiểm tra máy chủ cơ sở dữ liệu đang chạy và DATABASE_URL.")


def _read_file(path: str, limit: int) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise CliError(f"Không tìm thấy tệp {path}.")
    if file.stat().st_size > limit:
        raise CliError(f"Tệp {path} quá lớn ({file.stat().st_size} byte, tối đa {limit}).")
    return file.read_bytes()


def _directive_or_newest(session: Session, number: str | None):
    directive = get_directive(session, number=number) if number else next(
        iter(list_directives(session, open_only=True)), None)
    if directive is None:
        raise CliError(f"Không có văn bản số {number}." if number else "Chưa có văn bản nào.")
    return directive


def _written(work):
    """Run a document writer; a file that cannot be written is one line, not a traceback."""
    try:
        return work()
    except OSError as exc:
        raise CliError(f"Không ghi được tệp {exc.filename or ''}: {exc.strerror or exc}.") from exc
