"""Mistakes a user can type, swept: every one ends with an exit code and a message naming what was typed wrong,
never a traceback, and nothing is written. Most run in this process (same `main`, same stderr; a few seconds in all);
three run as the console script a user starts."""
import os, pathlib, subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLIP = ROOT / "data_samples/bigbuckbunny.mp4"
SYNTH = ROOT / "data_samples/synthav"
VIDEO = SYNTH / "video/sav00000003_26000_30000.mp4"


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    "A random tiny model saved as `fit` saves them (so mistakes after the checkpoint loads can be reached)."
    from avfusion_viz.backbones import ModelConfig
    from avfusion_viz.model import EventFusionNet
    from avfusion_viz.train import Checkpoint, save_checkpoint
    from avfusion_viz.data import read_synthav
    classes = read_synthav(SYNTH, sidecars=False).classes
    cfg = ModelConfig.tiny(len(classes), seconds=1, frame_size=32)
    path = tmp_path_factory.mktemp("ckpt") / "best.pt"
    save_checkpoint(path, Checkpoint(EventFusionNet(cfg).state_dict(), cfg.to_dict(), list(classes)))
    return path


def _gpus():
    import torch
    return torch.cuda.device_count() if torch.cuda.is_available() else 0


# (argv, exit code, text the last stderr line must hold). {ck}: the checkpoint, {clip}/{video}/{synth}: samples,
# {text}: a text file, {gpu}: a GPU number this machine does not have.
MISTAKES = [
    ([], 2, "required: COMMAND"),
    (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
    (["inspect"], 2, "required: video"),
    (["inspect", "nope.mp4"], 1, "nope.mp4"),
    (["inspect", "{text}"], 1, "{text}"),
    (["inspect", "{clip}", "--seconds", "0"], 2, "--seconds 0: must be more than 0"),
    (["inspect", "{clip}", "--seconds", "-3"], 2, "--seconds -3"),
    (["inspect", "{clip}", "--seconds", "ten"], 2, "--seconds: invalid int value: 'ten'"),
    (["inspect", "{clip}", "--start", "-1"], 2, "--start -1.0: must be at least 0"),
    (["synth", "--n", "4"], 2, "required: --out"),
    (["synth", "--out", "s", "--n", "0"], 2, "--n 0: must be at least 1"),
    (["synth", "--out", "s", "--n", "-5"], 2, "--n -5"),
    (["synth", "--out", "s", "--n", "many"], 2, "--n: invalid int value"),
    (["synth", "--out", "s", "--n", "4", "--seconds", "0"], 2, "--seconds 0.0"),
    (["synth", "--out", "s", "--n", "4", "--size", "0"], 2, "--size 0: must be at least 16"),
    (["synth", "--out", "s", "--n", "4", "--fps", "0"], 2, "--fps 0.0: must be more than 0"),
    (["synth", "--out", "s", "--n", "4", "--sample-rate", "0"], 2, "--sample-rate 0"),
    (["synth", "--out", "s", "--n", "4", "--snr", "1", "2", "3"], 1, "--snr takes one number or LOW HIGH"),
    (["synth", "--out", "s", "--n", "4", "--distractors", "2"], 2, "--distractors 2.0: must be a probability"),
    (["synth", "--out", "s", "--n", "4", "--two-source", "1.5"], 2, "--two-source 1.5"),
    (["synth", "--out", "s", "--n", "4", "--silent-twin", "-0.1"], 2, "--silent-twin -0.1"),
    (["synth", "--out", "s", "--n", "4", "--workers", "-1"], 2, "--workers -1: must be at least 0"),
    (["synth", "--out", "s", "--n", "4", "--design", "nope"], 1, "nope"),
    (["train", "--data", "d"], 2, "required: --out"),
    (["train", "--out", "r"], 1, "give either --data DIR or --index FILE"),
    (["train", "--out", "r", "--data", "d", "--index", "i.csv"], 1, "give either --data DIR or --index FILE"),
    (["train", "--out", "r", "--data", "missing_folder"], 1, "missing_folder"),
    (["train", "--out", "r", "--data", "d", "--epochs", "0"], 2, "--epochs 0: must be at least 1"),
    (["train", "--out", "r", "--data", "d", "--epochs", "-1"], 2, "--epochs -1"),
    (["train", "--out", "r", "--data", "d", "--batch-size", "0"], 2, "--batch-size 0"),
    (["train", "--out", "r", "--data", "d", "--lr", "0"], 2, "--lr 0.0: must be more than 0"),
    (["train", "--out", "r", "--data", "d", "--momentum", "1.5"], 2, "--momentum 1.5"),
    (["train", "--out", "r", "--data", "d", "--weight-decay", "-1"], 2, "--weight-decay -1.0"),
    (["train", "--out", "r", "--data", "d", "--device", "gpu"], 2, "--device gpu: use auto, cpu, cuda or cuda:N"),
    (["train", "--out", "r", "--data", "d", "--device", "cuda:{gpu}"], 2, "--device cuda:{gpu}:"),
    (["train", "--out", "r", "--data", "d", "--monitor", "best"], 2, "--monitor best: use ensemble or a head"),
    (["train", "--out", "r", "--data", "d", "--config", "huge"], 2, "--config: invalid choice: 'huge'"),
    (["train", "--out", "r", "--data", "d", "--frame-size", "8"], 2, "--frame-size 8: must be at least 16"),
    (["train", "--out", "r", "--data", "d", "--max-steps", "0"], 2, "--max-steps 0"),
    (["train", "--out", "r", "--preset", "reference", "--data", "d"], 1, "drop --data"),
    (["train", "--out", "r", "--preset", "tiny"], 2, "--preset: invalid choice: 'tiny'"),
    (["train", "--out", "r", "--preset", "reference", "--pretrain-steps", "-1"], 2, "--pretrain-steps -1: must be at least 0"),
    (["train", "--out", "r", "--data", "d", "--pretrain-steps", "5"], 1, "--pretrain-steps goes with --preset reference only"),
    (["train", "--out", "r", "--data", "d", "--init-from", "x.pt"], 1, "--init-from goes with --preset reference only"),
    (["train", "--out", "r", "--preset", "reference", "--init-from", "none.pt"], 1, "--init-from none.pt: no such checkpoint"),
    (["train", "--out", "r", "--preset", "reference", "--then-fps", "-1"], 2, "--then-fps -1: must be at least 0"),
    (["train", "--out", "r", "--preset", "reference", "--then-epochs", "0"], 2, "--then-epochs 0: must be at least 1"),
    (["train", "--out", "r", "--data", "d", "--then-fps", "10"], 1, "--then-fps/--then-epochs go with --preset reference only"),
    (["train", "--out", "r", "--preset", "reference", "--sync-epochs", "-1"], 2, "--sync-epochs -1: must be at least 0"),
    (["train", "--out", "r", "--data", "d", "--sync-epochs", "8"], 1, "--sync-epochs goes with --preset reference only"),
    (["train", "--out", "r", "--preset", "reference", "--sync-members", "0"], 2, "--sync-members 0: must be at least 1"),
    (["train", "--out", "r", "--preset", "reference", "--sync-objects", "-5"], 2, "--sync-objects -5: must be at least 0"),
    (["train", "--out", "r", "--preset", "reference", "--sync-layer", "video.layer9"], 2, "--sync-layer: invalid choice: 'video.layer9'"),
    (["train", "--out", "r", "--data", "d", "--sync-layer", "video.layer2"], 1, "--sync-layer goes with --preset reference only"),
    (["train", "--out", "r", "--data", "d", "--sync-objects", "0"], 1, "--sync-objects goes with --preset reference only"),
    (["train", "--out", "r", "--preset", "reference", "--sync-sound", "pitch"], 2, "--sync-sound: invalid choice: 'pitch'"),
    (["train", "--out", "r", "--preset", "reference", "--sync-gate", "-1"], 2, "--sync-gate -1.0: must be at least 0"),
    (["train", "--out", "r", "--data", "d", "--sync-gate", "1"], 1, "--sync-gate goes with --preset reference only"),
    (["train", "--out", "r", "--preset", "reference", "--event-heads-epochs", "-1"], 2, "--event-heads-epochs -1: must be at least 0"),
    (["train", "--out", "r", "--preset", "reference", "--change-heads", "onset,visual"], 1, "'visual' is not one of the heads"),
    (["train", "--out", "r", "--data", "d", "--change-heads", "onset"], 1, "--change-heads goes with --preset reference only"),
    (["train", "--out", "r", "--preset", "reference", "--change-edge", "-1"], 2, "--change-edge -1: must be at least 0"),
    (["train", "--out", "r", "--preset", "reference", "--seconds", "1", "--change-edge", "5"], 1, "--change-edge 5: 1 s clips have 10 steps"),
    (["train", "--out", "r", "--data", "d", "--change-edge", "2"], 1, "--change-edge goes with --preset reference only"),
    (["train", "--out", "r", "--preset", "reference", "--instant-k", "0"], 2, "--instant-k 0: must be at least 1"),
    (["train", "--out", "r", "--preset", "reference", "--seconds", "1", "--instant-k", "11"], 1, "--instant-k 11: 1 s clips have 10 steps"),
    (["train", "--out", "r", "--data", "d", "--instant-k", "2"], 1, "--instant-k goes with --preset reference only"),
    (["evaluate", "--data", "{synth}"], 2, "required: --checkpoint"),
    (["evaluate", "--checkpoint", "none.pt", "--data", "{synth}"], 1, "none.pt"),
    (["evaluate", "--checkpoint", "{text}", "--data", "{synth}"], 1, "{text}"),
    (["evaluate", "--checkpoint", "{ck}", "--data", "{synth}", "--batch-size", "0"], 2, "--batch-size 0"),
    (["evaluate", "--checkpoint", "{ck}", "--data", "{synth}", "--device", "tpu"], 2, "--device tpu"),
    (["evaluate", "--checkpoint", "{ck}", "--data", "{synth}", "--split", "nope"], 1, "nope"),
    (["demo", "--epochs", "-1"], 2, "--epochs -1: must be at least 1"),
    (["demo", "--epochs", "0"], 2, "--epochs 0"),
    (["demo", "--clips", "5"], 2, "--clips 5: must be at least 10"),
    (["demo", "--clips", "lots"], 2, "--clips: invalid int value"),
    (["analyze", "--checkpoint", "{ck}"], 2, "required: video"),
    (["analyze", "{video}", "--checkpoint", "{ck}", "--threshold", "5"], 2, "--threshold 5.0: must be a probability"),
    (["analyze", "{video}", "--checkpoint", "{ck}", "--threshold", "-0.1"], 2, "--threshold -0.1"),
    (["analyze", "{video}", "--checkpoint", "{ck}", "--frames", "0"], 2, "--frames 0: must be at least 1"),
    (["analyze", "{video}", "--checkpoint", "{ck}", "--device", "cuda:{gpu}"], 2, "--device cuda:{gpu}:"),
    (["analyze", "{video}", "--checkpoint", "{ck}", "--head", "mouth"], 1, "--head 'mouth': not a head"),
    (["analyze", "{video}", "--checkpoint", "{ck}", "--class", "tuba"], 1, "--class 'tuba': not a class"),
    (["analyze", "nope.mp4", "--checkpoint", "{ck}"], 1, "nope.mp4"),
    (["analyze", "{video}", "--checkpoint", "{text}"], 1, "{text}"),
    (["bench"], 2, "required: NAME"),
    (["bench", "nope"], 2, "invalid choice: 'nope'"),
]


@pytest.mark.parametrize("argv, code, needle", MISTAKES, ids=[" ".join(m[0]) or "(nothing)" for m in MISTAKES])
def test_mistake(argv, code, needle, checkpoint, tmp_path, monkeypatch, capsys):
    from avfusion_viz.cli import main
    work = tmp_path / "cwd"; work.mkdir()
    text = tmp_path / "notes.txt"; text.write_text("not a video, not a checkpoint\n")
    fill = dict(ck=checkpoint, clip=CLIP, video=VIDEO, synth=SYNTH, text=text, gpu=_gpus())
    argv = [a.format(**fill) for a in argv]
    needle = needle.format(**fill)
    monkeypatch.chdir(work)
    try: rc = main(argv)                                  # any other exception escaping is a traceback: the test fails
    except SystemExit as e: rc = e.code
    err = capsys.readouterr().err
    assert rc == code, err
    lines = err.strip().splitlines()
    assert lines and lines[-1].startswith("avfusion-viz"), err
    assert needle in lines[-1], (needle, lines[-1])
    if code == 1: assert len(lines) == 1, err            # a mistake found while running: exactly one line
    assert list(work.iterdir()) == [], f"{argv} wrote {list(work.iterdir())}"


@pytest.mark.parametrize("argv, needle", [
    (["train", "--data", "d", "--out", "r", "--device", "gpu"], "--device gpu"),
    (["demo", "--epochs", "-1", "--out", "demo_here"], "--epochs -1"),
    (["analyze", "v.mp4", "--checkpoint", "c.pt", "--threshold", "5"], "--threshold 5.0"),
])
def test_console_script(argv, needle, tmp_path, env):
    "The installed `avfusion-viz` as a user runs it, from a folder outside the repository."
    r = subprocess.run(["avfusion-viz", *argv], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert needle in r.stderr.strip().splitlines()[-1]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv, want", [
    ([], dict(sync_epochs=8, sync_members=5, sync_objects=2000, sync_layer="video.layer1", sync_gate=1.5, then_fps=10, then_epochs=5)),   # the recipe's defaults
    (["--sync-epochs", "0"], dict(sync_epochs=0)),                               # no sync map
    (["--sync-epochs", "3", "--then-epochs", "2"], dict(sync_epochs=3, then_epochs=2)),
    (["--sync-members", "3", "--sync-objects", "0", "--sync-layer", "video.layer2"],
     dict(sync_members=3, sync_objects=0, sync_layer="video.layer2", sync_epochs=8)),
    (["--sync-sound", "onset+energy"], dict(sync_sound=("onset", "energy"))),
    (["--sync-gate", "0"], dict(sync_gate=0.0)),                                  # the plain correlation
    ([], dict(event_heads_epochs=40, event_heads_change=("onset", "instant", "continuous"), event_heads_change_edge=3,
          event_heads_instant_k=3)),                                                                   # the heads trained again
    (["--change-edge", "0"], dict(event_heads_change_edge=0, event_heads_epochs=40)),            # the whole clip
    (["--change-heads", "none"], dict(event_heads_change=(), event_heads_epochs=40)),             # reading V_t
    (["--instant-k", "1"], dict(event_heads_instant_k=1, event_heads_change_edge=3)),            # the first training's one step
    (["--change-heads", "onset,continuous", "--event-heads-epochs", "0"], dict(event_heads_change=("onset", "continuous"),
                                                                                event_heads_epochs=0)),
])
def test_train_preset_reaches_its_settings(argv, want, tmp_path, monkeypatch):
    "`train --preset reference` hands the flags a user gives to the recipe, the rest at ReferenceSettings' defaults."
    import avfusion_viz.demo as demo
    from avfusion_viz.cli import main
    seen = {}
    def fake(out, s, verbose=True):
        seen["s"] = s
        raise KeyboardInterrupt                                                   # stop before anything is written
    monkeypatch.setattr(demo, "train_reference", fake)
    with pytest.raises(KeyboardInterrupt): main(["train", "--preset", "reference", "--out", str(tmp_path / "r"), *argv])
    assert {k: getattr(seen["s"], k) for k in want} == want
