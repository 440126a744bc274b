"""The on-disk cache keeps results across builds and never serves a stale one."""

from __future__ import annotations

import datetime as dt
import json

from hooks.cache import DiskCache, digest, folder_for


def test_round_trip_and_atomic_write(tmp_path):
    cache = DiskCache(tmp_path, "levels")
    assert cache.get("k") is None
    cache.put("k", {"grade": 4.2})
    cache.save()
    assert json.loads((tmp_path / "levels.json").read_text()) == {"k": {"grade": 4.2}}
    assert DiskCache(tmp_path, "levels").get("k") == {"grade": 4.2}
    assert [p.name for p in tmp_path.iterdir()] == ["levels.json"]


def test_damaged_or_absent_cache_is_only_a_miss(tmp_path):
    (tmp_path / "levels.json").write_text("{not json")
    assert DiskCache(tmp_path, "levels").get("k") is None
    DiskCache(None, "levels").save()  # no folder: nothing is written


def test_keys_change_with_any_input():
    assert digest("a", "b") != digest("ab") != digest("a", "c")
    assert digest(b"x") == digest("x")
    assert str(folder_for("/p/mkdocs.yml")) == "/p/.cache/mstp"


def test_a_value_json_cannot_hold_is_not_kept(tmp_path):
    cache = DiskCache(tmp_path, "bibliography")
    cache.put("k", {"accessed": dt.date(2026, 11, 25)})
    cache.save()
    assert not (tmp_path / "bibliography.json").exists()
