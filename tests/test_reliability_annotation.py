"""Two annotation forms of one annotator, a full disk, an empty merge: no save is lost or reported as done when it was
not, and every failure says so in the form's status line."""
import csv, errno, os, subprocess, sys, textwrap, time
from pathlib import Path

import pytest

from avfusion_viz import annotation as A
from avfusion_viz.annotation import AnnotationForm, AnnotationError, load_annotations, merge_annotations

ROOT = Path(__file__).resolve().parent.parent
SYNTH = ROOT / "data_samples" / "synthav"

def items():
    rows = list(csv.DictReader(open(SYNTH / "multilabel.csv")))
    return [(r["file"], r["candidates"].split(";"), r["label"]) for r in rows]

def form(out): return AnnotationForm(items(), "kim", out, page_size=4, video_dir=SYNTH / "video")

def test_opening_a_second_form_leaves_a_live_save_alone(tmp_path, monkeypatch):
    "A second form opened while the first is between writing its temporary file and renaming it (one process)."
    first = form(tmp_path)
    real, opened = os.replace, []
    def replace_after_a_second_form_opens(src, dst):
        if not opened and str(dst).endswith("kim.annotations.json"):
            opened.append("opening")
            opened.append(form(tmp_path))                 # its __init__ cleans up temporary files (and saves)
        return real(src, dst)
    monkeypatch.setattr(os, "replace", replace_after_a_second_form_opens)
    first.toggle(0, items()[0][1][0])                     # would raise FileNotFoundError if its temp file were deleted
    monkeypatch.undo()
    assert opened and "Saved" in first.status.value
    assert load_annotations(first.path).chosen[0] == [items()[0][1][0]]

WRITER = textwrap.dedent("""
    import os, sys, time
    from avfusion_viz import annotation as A
    real = os.fsync
    def slow_fsync(fd):   # hold the temporary file open until the parent has opened its form
        print("writing", flush=True); time.sleep(float(sys.argv[2])); real(fd)
    os.fsync = slow_fsync
    A.write_json_atomic(sys.argv[1], {"format": "another writer"})
    print("replaced", flush=True)
""")

def test_a_form_in_another_process_does_not_delete_a_live_writers_temp_file(tmp_path, env):
    path = tmp_path / "kim.annotations.json"
    p = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=env)
    try:
        assert p.stdout.readline().strip() == "writing", p.stderr.read()
        temps = list(tmp_path.glob(".kim.annotations.json.*.tmp"))
        assert len(temps) == 1 and f".{p.pid}." in temps[0].name
        form(tmp_path)                                    # another annotator session opens meanwhile
        assert temps[0].exists()                          # the live writer's file is not touched
        out, err = p.communicate(timeout=60)
    finally:
        p.kill(); p.wait()
    assert p.returncode == 0 and "replaced" in out, err  # its rename succeeded
    # a writer that was killed leaves a file that the next form removes
    dead = subprocess.Popen([sys.executable, "-c", "pass"]); dead.wait()
    stale = tmp_path / f".kim.annotations.json.{dead.pid}.abc123.tmp"
    stale.write_text("{")
    assert A.stale_temp_files(path) == [stale]
    path.unlink()
    form(tmp_path)
    assert not stale.exists()

def test_a_full_disk_is_reported_as_not_saved(tmp_path, monkeypatch):
    f = form(tmp_path)
    label = items()[0][1][0]
    before = f.path.read_bytes()
    real_fdopen = os.fdopen
    def full(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        def write(data): raise OSError(errno.ENOSPC, "No space left on device")
        handle.write = write
        return handle
    monkeypatch.setattr(A.os, "fdopen", full)
    with pytest.raises(AnnotationError, match=r"kim.annotations.json: cannot write the answers \(OSError: \[Errno 28\] "
                                              r"No space left on device\); this change was NOT saved"):
        f.toggle(0, label)
    assert "Not saved." in f.status.value and "No space left" in f.status.value
    assert f.path.read_bytes() == before and not list(tmp_path.glob(".*.tmp"))
    monkeypatch.undo()
    f.toggle(1, items()[1][1][0])                         # space again: the next save writes both ticks
    saved = load_annotations(f.path).chosen
    assert saved[0] == [label] and saved[1] == [items()[1][1][0]] and "Saved" in f.status.value

def test_merging_nothing_is_a_clear_error():
    with pytest.raises(AnnotationError, match="merge_annotations: no annotation files given"): merge_annotations([])
