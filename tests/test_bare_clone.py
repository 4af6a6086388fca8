"""Issue 20 point 6: in a clone without ../shared, a test that needs it is skipped with the reason; under CI
its absence fails instead (CI has shared/ beside the clone and must run every test)."""

import pytest

from tests import shared_files


def test_absent_shared_file_skips_with_the_reason_or_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(shared_files, "SHARED", tmp_path / "shared")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="is absent: ../shared"):
        shared_files.shared_file("corpus", "status-replies.tsv")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run every test"):
        shared_files.shared_file("corpus", "status-replies.tsv")
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    (tmp_path / "shared" / "corpus" / "status-replies.tsv").write_text("3 xong\tdone:3\n")
    assert shared_files.shared_file("corpus", "status-replies.tsv").read_text().startswith("3 xong")
