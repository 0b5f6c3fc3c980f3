"""The campaign's status file is written whole or not at all, as every output is."""

from __future__ import annotations

import importlib.util
import os
import stat
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parents[1] / "callback_plugins" / "campaign_status.py"


@pytest.fixture(scope="module")
def plugin():
    spec = importlib.util.spec_from_file_location("campaign_status", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_new_file_gets_0666_minus_the_umask(plugin, tmp_path):
    path = tmp_path / "status.json"
    old = os.umask(0o027)
    try:
        plugin._write_whole(str(path), '{"hosts": {}}\n')
    finally:
        os.umask(old)
    assert path.read_text() == '{"hosts": {}}\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]


def test_an_existing_files_mode_is_kept(plugin, tmp_path):
    path = tmp_path / "status.json"
    path.write_text("earlier\n")
    path.chmod(0o600)
    plugin._write_whole(str(path), "later\n")
    assert path.read_text() == "later\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(plugin, tmp_path):
    path = tmp_path / "status.json"
    path.write_text("earlier\n")
    with pytest.raises(UnicodeEncodeError):
        plugin._write_whole(str(path), "\udcff not encodable\n")  # fails mid-write
    assert path.read_text() == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]
