"""The prepared store under faults: a prepare process killed by SIGKILL, a full disk reported by the command line, workers
vs one process, a damaged shard (training on a store, killed and resumed: tests/test_store_ddp.py)."""
import contextlib, errno, io, os, shlex, signal, subprocess, sys, textwrap
from pathlib import Path
import numpy as np
import pytest, torch

from avfusion_viz.synthav import write_dataset
from avfusion_viz.data import read_synthav
from avfusion_viz.store import Store, StoreDataset, StoreSettings, ShardWriter, prepare
from avfusion_viz import cli

SMALL = StoreSettings(seconds=1, fps=2, size=16)

@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    "Eight 1 s SynthAV clips, one of them damaged (not a video)."
    d = tmp_path_factory.mktemp("synth") / "synth"
    write_dataset(d, 8, seconds=1, size=32, seed=0, progress=False, workers=0, splits=(1.0, 0.0, 0.0))
    bad = sorted((d / "video").glob("*.mp4"))[3]
    bad.write_bytes(b"\0" * 100)
    return d, bad.name

def files(store): return [c["file"] for c in Store(store).clips]

def arrays(store):
    st = Store(store)
    return {c["file"]: st.read(k) for k, c in enumerate(st.clips) if c["skip"] is None}

def same(a, b):
    assert sorted(a) == sorted(b)
    for f in a:
        for k in a[f]: assert np.array_equal(a[f][k], b[f][k]), (f, k)

KILLER = textwrap.dedent("""
    import os, signal, sys
    from avfusion_viz.data import read_synthav
    from avfusion_viz.store import ShardWriter, StoreSettings, prepare
    add, n = ShardWriter.add, [0]
    def add_then_die(self, record):             # a real SIGKILL in the middle of the second shard
        n[0] += 1
        if n[0] == 4: self.write(b"part of a clip"); self.f.flush(); os.kill(os.getpid(), signal.SIGKILL)
        add(self, record)
    ShardWriter.add = add_then_die
    prepare(read_synthav(sys.argv[1], sidecars=False), sys.argv[2], StoreSettings(seconds=1, fps=2, size=16),
            shard_size=2, progress=False)
""")

def test_sigkill_then_resume_keeps_every_clip_once(synth, tmp_path, env):
    src, bad = synth
    index = read_synthav(src, sidecars=False)
    script = tmp_path / "killer.py"; script.write_text(KILLER)   # a fresh process: forking this one (torch) is not safe
    r = subprocess.run([sys.executable, str(script), str(src), str(tmp_path / "store")], env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == -signal.SIGKILL, r.stderr[-2000:]
    left = sorted(p.name for p in (tmp_path / "store").iterdir() if "shard" in p.name)
    assert left == [".shard-00001.tar.tmp", "shard-00000.json", "shard-00000.tar"]   # one shard committed, one cut
    assert len(files(tmp_path / "store")) == 2
    res = prepare(index, tmp_path / "store", SMALL, shard_size=2, progress=False)
    assert (res.already, res.written) == (2, 6)
    assert sorted(files(tmp_path / "store")) == sorted(s.file for s in index)     # every clip, once
    assert list(res.skipped) == [bad]
    straight = prepare(index, tmp_path / "straight", SMALL, shard_size=2, progress=False)
    same(arrays(tmp_path / "store"), arrays(tmp_path / "straight"))
    assert not list((tmp_path / "store").glob(".shard-*"))

def test_workers_give_what_one_process_gives(synth, tmp_path):
    src, _ = synth
    index = read_synthav(src, sidecars=False)
    one = prepare(index, tmp_path / "one", SMALL, shard_size=3, progress=False)
    two = prepare(index, tmp_path / "two", SMALL, shard_size=3, num_workers=2, progress=False)
    assert len(two.store.shards) == 3 and two.skipped == one.skipped
    same(arrays(tmp_path / "one"), arrays(tmp_path / "two"))

def test_full_disk_on_the_command_line_names_the_resume_command(synth, tmp_path, monkeypatch):
    src, _ = synth
    out = tmp_path / "store"
    write = ShardWriter.write
    def full(self, data):
        if self.number == 1 and len(self.clips) == 2: raise OSError(errno.ENOSPC, "No space left on device")
        write(self, data)
    monkeypatch.setattr(ShardWriter, "write", full)
    argv = ["prepare", str(src), "--out", str(out), "--config", "tiny", "--seconds", "1", "--fps", "2",
            "--frame-size", "16", "--shard-size", "3", "--workers", "0", "--no-progress"]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()): rc = cli.main(argv)
    message = err.getvalue()
    assert rc == 1 and message.count("\n") == 1, message
    assert "the disk is full" in message and "after 5 clips" in message and "(2 saved from the shard" in message
    assert len(files(out)) == 5 and not list(out.glob(".shard-*"))      # the complete clips kept, the partial one gone
    command = message.split("resume with: ")[1].strip()
    assert command.startswith("avfusion-viz prepare ")
    monkeypatch.setattr(ShardWriter, "write", write)                    # space freed: the printed command finishes it
    with contextlib.redirect_stdout(io.StringIO()) as got: assert cli.main(shlex.split(command)[1:] + ["--no-progress"]) == 0
    assert "(3 written now, 5 before)" in got.getvalue()
    assert sorted(files(out)) == sorted(s.file for s in read_synthav(src, sidecars=False))

def test_a_damaged_shard_is_a_skipped_item_not_a_crash(synth, tmp_path):
    src, _ = synth
    prepare(read_synthav(src, sidecars=False), tmp_path / "store", SMALL, shard_size=8, progress=False)
    ds = StoreDataset(tmp_path / "store")
    c = ds.store.clips[ds.items[0]]
    off, size = c["members"]["mp4"]
    with open(tmp_path / "store" / ds.store.shards[c["shard"]], "r+b") as f:
        f.seek(off); f.write(b"\xff" * size)                          # the first clip's video overwritten
    item = StoreDataset(tmp_path / "store")[0]
    assert item.file == c["file"] and "cannot read it from the store" in item.reason
    assert not hasattr(StoreDataset(tmp_path / "store")[1], "reason")   # the others still read
