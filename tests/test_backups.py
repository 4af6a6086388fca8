"""Scheduled backups (issue 20 point 3): when one is due, what a copy and its manifest hold, pruning, the
start-up warning, the settings, and a restore's refusals (the full restore runs in test_restore_process.py)."""

import json
import sqlite3
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from bot import metrics
from bot.cli.main import main
from bot.operations.backups import backup_due, hold_database, list_backups, prune, sha256_of
from bot.services import ManualClock, Services
from bot.settings import SettingsError, settings_from_env
from db.engine import create_schema, make_engine
from jobs.backups import backup_warning, run_backup

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AT = time(2, 30)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=TZ)


def test_a_backup_is_due_once_per_slot_and_caught_up_after_a_night_off():
    assert backup_due(None, at(2, 1), AT)  # never made: now
    assert not backup_due(at(2, 2, 30), at(2, 3), AT)  # today's made
    assert not backup_due(at(1, 2, 30), at(2, 2, 29), AT)  # yesterday's made, today's slot not come yet
    assert backup_due(at(1, 2, 30), at(2, 2, 30), AT)
    assert backup_due(at(1, 2, 30), at(2, 14), AT)  # the process was down at 02:30: caught up when it runs
    assert not backup_due(at(2, 9), at(3, 1), AT)  # a copy made after yesterday's slot counts until today's


def database(tmp_path):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    engine = make_engine(url)
    create_schema(engine)
    from bot.operations.seed import load_bundled

    with Session(engine) as session:
        load_bundled(session)
        session.commit()
    return url, engine


def test_the_job_makes_the_days_copy_with_its_manifest_and_keeps_backup_keep(tmp_path):
    url, engine = database(tmp_path)
    evidence = tmp_path / "evidence"
    (evidence / "ab").mkdir(parents=True)
    (evidence / "ab" / "ab12.pdf").write_bytes(b"%PDF-1.4 " * 100)
    settings = settings_from_env({"DATABASE_URL": url, "BACKUP_KEEP": "3"})
    clock = ManualClock(at(1, 2, 40))
    svc = Services(settings=settings, engine=engine, clock=clock)
    made = []
    for _ in range(6 * 24 * 6):  # six days (to 7/12 02:30), the job every ten minutes
        if (path := run_backup(svc)) is not None:
            made.append(path.name)
        clock.advance(minutes=10)
    # the first at once (none yet), then one at each 02:30
    assert made == ["cchc-20261201-024000.db"] + [f"cchc-202612{d:02d}-023000.db" for d in range(2, 8)]
    kept = list_backups(tmp_path / "backups", TZ)
    assert [b.path.name for b in kept] == made[-3:]  # BACKUP_KEEP=3: the three newest
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == sorted(
        [b.path.name for b in kept] + [b.manifest.name for b in kept])
    manifest = json.loads(kept[-1].manifest.read_text())
    assert manifest["sha256"] == sha256_of(kept[-1].path) and manifest["database"] == "sqlite"
    assert manifest["rows"]["unit"] == 28 and manifest["schema_revision"]
    with sqlite3.connect(kept[-1].path) as copy:
        assert copy.execute("SELECT count(*) FROM unit").fetchone() == (28,)
    # EVIDENCE_DIR unset: its default, `evidence` beside the database, is listed
    assert manifest["evidence_dir"] == str(evidence) and manifest["evidence_bytes"] == 900
    assert manifest["evidence"] == [{"path": "ab/ab12.pdf", "size": 900}] and manifest["evidence_files"] == 1
    elsewhere = tmp_path / "archive"
    (elsewhere / "cd").mkdir(parents=True)
    (elsewhere / "cd" / "cd34.jpg").write_bytes(b"x" * 10)
    svc.settings = settings_from_env({"DATABASE_URL": url, "BACKUP_KEEP": "3", "EVIDENCE_DIR": str(elsewhere)})
    clock.advance(days=1)
    manifest = json.loads(run_backup(svc).with_suffix(".json").read_text())
    assert manifest["evidence"] == [{"path": "cd/cd34.jpg", "size": 10}] and manifest["evidence_dir"] == str(elsewhere)
    assert 0 < metrics.REGISTRY.get_sample_value("cchc_backup_last_success_timestamp_seconds")
    engine.dispose()


def test_prune_keeps_the_newest(tmp_path):
    for day in range(1, 6):
        (tmp_path / f"cchc-202612{day:02d}-023000.db").write_bytes(b"x")
        (tmp_path / f"cchc-202612{day:02d}-023000.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("not a backup")
    removed = prune(tmp_path, TZ, 2)
    assert [p.name for p in removed] == [f"cchc-202612{d:02d}-023000.db" for d in (1, 2, 3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cchc-20261204-023000.db", "cchc-20261204-023000.json", "cchc-20261205-023000.db",
        "cchc-20261205-023000.json", "notes.txt"]


def test_settings_and_the_start_up_warning(monkeypatch):
    settings = settings_from_env({})
    assert (settings.backups, settings.backup_dir, settings.backup_keep, settings.backup_at) == (True, None, 14, AT)
    assert settings.metrics_listen is None
    assert settings_from_env({"METRICS_LISTEN": "127.0.0.1:9108"}).metrics_listen == ("127.0.0.1", 9108)
    assert settings_from_env({"BACKUP_DIR": "off"}).backups is False
    for name, bad in (("METRICS_LISTEN", "9108"), ("BACKUP_KEEP", "0"), ("BACKUP_AT", "25:00")):
        with pytest.raises(SettingsError, match=name):
            settings_from_env({name: bad})
    pg = {"DATABASE_URL": "postgresql+psycopg://u:secret@db/cchc"}
    assert "no BACKUP_DIR" in backup_warning(settings_from_env(pg))
    monkeypatch.setattr("jobs.backups.shutil.which", lambda name: None)
    warning = backup_warning(settings_from_env({**pg, "BACKUP_DIR": "/var/backups/cchc"}))
    assert warning.startswith("pg_dump not found") and "\n" not in warning
    assert backup_warning(settings_from_env({})) is None  # SQLite needs no tool


def test_restore_refuses_a_changed_copy_and_a_running_bot(tmp_path, monkeypatch, capsys):
    url, engine = database(tmp_path)
    engine.dispose()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "copies"))
    assert main(["backup"]) == 0
    copy = list_backups(tmp_path / "copies", TZ)[0].path
    held = hold_database(url)  # what `cchc-bot run` holds for its whole life
    assert main(["restore", str(copy)]) == 1
    assert "Đang có tiến trình cchc-bot" in capsys.readouterr().err
    held.close()
    with sqlite3.connect(copy) as db:  # one changed byte of content: the manifest's SHA-256 no longer matches
        db.execute("UPDATE unit SET name = name || '.' WHERE id = 1")
    assert main(["restore", str(copy)]) == 1
    assert "không khớp SHA-256" in capsys.readouterr().err
    (tmp_path / "plain.txt").write_text("not a database")
    assert main(["restore", str(tmp_path / "plain.txt")]) == 1
    assert "không phải bản sao lưu SQLite" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "missing.db")]) == 1
    assert main(["backup", str(tmp_path / "one.db")]) == 0 and main(["restore", str(tmp_path / "one.db")]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out
    assert len(list(tmp_path.glob("bot.db.before-restore-*"))) == 1
