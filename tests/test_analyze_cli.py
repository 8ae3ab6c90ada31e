"`avfusion-viz analyze` as a user runs it: a real checkpoint file, real videos, the console script's exit codes."
import json, pathlib, subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
VIDEO = ROOT / "data_samples/synthav/video/sav00000003_26000_30000.mp4"
FIGURES = ("frames", "gradcam", "similarity", "timelines", "logmel")

@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    "A random tiny model (1 s of 32×32 frames) saved with train.save_checkpoint, as `fit` writes them."
    from avfusion_viz.backbones import ModelConfig
    from avfusion_viz.model import EventFusionNet
    from avfusion_viz.train import Checkpoint, save_checkpoint
    from avfusion_viz.data import read_synthav
    classes = read_synthav(ROOT / "data_samples/synthav", sidecars=False).classes
    cfg = ModelConfig.tiny(len(classes), seconds=1, frame_size=32)
    path = tmp_path_factory.mktemp("ckpt") / "best.pt"
    save_checkpoint(path, Checkpoint(EventFusionNet(cfg).state_dict(), cfg.to_dict(), list(classes)))
    return path

def run(*args, env):
    return subprocess.run(["avfusion-viz", "analyze", *map(str, args)], capture_output=True, text=True, env=env)

def one_line_error(rc, stderr, *needles):
    "Exit code 1, no traceback, exactly one stderr line naming the problem."
    assert rc == 1, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("avfusion-viz analyze: error:"), lines[0]
    for n in needles: assert str(n) in lines[0], (n, lines[0])

def test_good_video_writes_the_page(tmp_path, checkpoint, env):
    out = tmp_path / "page"
    r = run(VIDEO, "--checkpoint", checkpoint, "--out", out, env=env)
    assert r.returncode == 0, r.stderr
    assert "report" in r.stdout and "layer" in r.stdout
    page = (out / "analysis.html").read_text()
    assert page.count("data:image/png;base64,") == len(FIGURES)          # self-contained: every figure inlined
    assert "src='http" not in page and 'src="http' not in page
    for k in FIGURES:
        png = out / f"analysis_{k}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png
    s = json.loads((out / "analysis.json").read_text())
    assert set(s["top"]) == {"visual", "audio", "onset", "instant", "continuous", "ensemble"}
    assert s["assigned_layer"] in s["top"] and s["assigned_layer"] != "ensemble"
    probs = [t[0]["prob"] for h, t in s["top"].items() if h != "ensemble"]
    assert s["assigned_layer"] == max((h for h in s["top"] if h != "ensemble"), key=lambda h: s["top"][h][0]["prob"])
    assert max(probs) >= s["top"]["ensemble"][0]["prob"] - 1e-6                    # a mean is never above every max

def test_corrupt_video_is_one_line(tmp_path, checkpoint, env):
    bad = tmp_path / "cut.mp4"
    bad.write_bytes(VIDEO.read_bytes()[:3000])
    r = run(bad, "--checkpoint", checkpoint, "--out", tmp_path / "o", env=env)
    one_line_error(r.returncode, r.stderr, bad)
    assert not (tmp_path / "o" / "analysis.html").exists()

# the remaining failures run in this process (same `main`, same stderr), which keeps the suite short
def call(capsys, *args):
    from avfusion_viz.cli import main
    rc = main(["analyze", *map(str, args)])
    return rc, capsys.readouterr().err

def test_missing_video(tmp_path, checkpoint, capsys):
    p = tmp_path / "nope.mp4"
    one_line_error(*call(capsys, p, "--checkpoint", checkpoint, "--out", tmp_path), p, "no such video file")

def test_silent_videos(tmp_path, checkpoint, capsys):
    from avfusion_viz.media import write_clip
    frames = np.random.default_rng(0).integers(0, 255, (10, 32, 32, 3), dtype=np.uint8)
    mute = write_clip(tmp_path / "mute.mp4", frames, 10)                                    # no audio stream
    one_line_error(*call(capsys, mute, "--checkpoint", checkpoint, "--out", tmp_path), mute, "no audio stream")
    quiet = write_clip(tmp_path / "quiet.mp4", frames, 10, np.zeros(16000, np.float32))   # an audio stream of silence
    one_line_error(*call(capsys, quiet, "--checkpoint", checkpoint, "--out", tmp_path), quiet, "silent")

def test_wrong_checkpoints(tmp_path, capsys):
    junk = tmp_path / "junk.pt"; junk.write_bytes(b"not a checkpoint at all")
    one_line_error(*call(capsys, VIDEO, "--checkpoint", junk, "--out", tmp_path), junk, "not a checkpoint")
    none = tmp_path / "none.pt"
    one_line_error(*call(capsys, VIDEO, "--checkpoint", none, "--out", tmp_path), none, "no such checkpoint")
    import torch
    other = tmp_path / "other.pt"; torch.save({"weights": torch.zeros(3)}, other)
    one_line_error(*call(capsys, VIDEO, "--checkpoint", other, "--out", tmp_path), other, "not an avfusion-viz checkpoint")

def test_bad_head_and_class(tmp_path, checkpoint, capsys):
    one_line_error(*call(capsys, VIDEO, "--checkpoint", checkpoint, "--head", "mouth"), "mouth", "not a head")
    one_line_error(*call(capsys, VIDEO, "--checkpoint", checkpoint, "--class", "tuba"), "tuba", "not a class")
