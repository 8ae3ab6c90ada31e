"The CLI on damaged SynthAV folders: skipped clips are counted and listed, a run is not trained over, no clip is an error."
import errno, shutil
import pytest, torch

from avfusion_viz import synthav
from avfusion_viz.cli import main
from avfusion_viz.data import read_synthav, read_skip_report

SMALL = ["--seconds", "1", "--fps", "2", "--frame-size", "16", "--batch-size", "4", "--no-progress"]

@pytest.fixture(scope="module", autouse=True)
def one_thread():
    n = torch.get_num_threads(); torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)

@pytest.fixture(scope="module")
def made(tmp_path_factory):
    "10 clips of 1 s (8 train, 2 val), written once."
    out = tmp_path_factory.mktemp("sav") / "set"
    synthav.write_dataset(out, 10, seconds=1.0, size=32, fps=10.0, seed=0, workers=0, progress=False,
                          splits=(0.8, 0.2, 0.0))
    return out

@pytest.fixture
def data(made, tmp_path):
    shutil.copytree(made, tmp_path / "set")
    return tmp_path / "set"

def train(data, out, *more): return main(["train", "--data", str(data), "--out", str(out), "--epochs", "1", *SMALL, *more])

def test_skipped_clips_are_printed_and_listed_beside_the_run(data, tmp_path, capsys):
    files = [s.file for s in read_synthav(data, "train", sidecars=False)]
    for f in files[:3]: (data / "video" / f).unlink()                          # 3 missing
    for f in files[3:5]: (data / "video" / f).write_bytes(b"\x00not an mp4" * 10)   # 2 corrupt
    assert train(data, tmp_path / "run") == 0
    out = capsys.readouterr().out
    assert "trained 1 epochs (3 of 8 training clips used" in out
    assert f"skipped   5 clips (3 missing file, 2 MediaError); list in {tmp_path / 'run' / 'skipped.tsv'}" in out
    report = read_skip_report(tmp_path / "run" / "skipped.tsv")
    assert sorted(report) == sorted(files[:5])
    assert [report[f] for f in files[:3]] == ["missing file"] * 3
    assert all(report[f].startswith("MediaError: ") and f in report[f] for f in files[3:5])

def test_train_refuses_a_folder_holding_a_run_unless_told(data, tmp_path, capsys):
    run, quick = tmp_path / "run", ("--max-steps", "1")
    assert train(data, run, *quick) == 0
    log = (run / "metrics.jsonl").read_bytes()
    assert train(data, run, *quick) == 1
    err = capsys.readouterr().err
    assert f"avfusion-viz train: error: {run}: already holds a run (last.pt, best.pt, metrics.jsonl); pass resume=True " \
           "(`--resume`)" in err and "Traceback" not in err
    assert (run / "metrics.jsonl").read_bytes() == log
    assert train(data, run, *quick, "--overwrite") == 0
    assert "best      " in capsys.readouterr().out

def test_train_and_evaluate_refuse_a_folder_without_a_readable_clip(data, tmp_path, capsys):
    assert train(data, tmp_path / "good", "--max-steps", "1", "--val-split", "none") == 0
    for p in (data / "video").glob("*.mp4"): p.unlink()
    assert train(data, tmp_path / "run") == 1
    err = capsys.readouterr().err
    assert "no clip of the training data could be used (8 of 8 skipped: 8 missing file)" in err
    assert not (tmp_path / "run" / "last.pt").exists() and not (tmp_path / "run" / "best.pt").exists()
    rc = main(["evaluate", "--checkpoint", str(tmp_path / "good" / "last.pt"), "--data", str(data), "--split", "val",
               "--out", str(tmp_path / "eval"), "--no-progress"])
    assert rc == 1 and "no clip could be used" in capsys.readouterr().err

def test_synth_overwrite_on_a_full_disk_keeps_the_old_data_set(data, monkeypatch, capsys):
    before = {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file()}
    real, calls = synthav._make_clip, []
    def full_disk(job):
        calls.append(job)
        if len(calls) == 4: raise OSError(errno.ENOSPC, "No space left on device")
        return real(job)
    monkeypatch.setattr(synthav, "_make_clip", full_disk)
    rc = main(["synth", "--out", str(data), "--n", "6", "--seconds", "1", "--size", "32", "--fps", "10", "--seed", "3",
               "--workers", "0", "--overwrite", "--no-progress"])
    assert rc == 1 and "No space left on device" in capsys.readouterr().err
    assert {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file()} == before
    assert len(read_synthav(data)) == 10
