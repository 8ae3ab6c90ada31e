"""The committed reference model (data_samples/reference/reference.pt): small enough to commit, loads as float32, and
re-evaluated on the test split of the data it records (regenerated from the seed) gives the numbers it records."""
import json, pathlib
import numpy as np
import pytest
import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
REF = ROOT / "data_samples" / "reference" / "reference.pt"

def test_reference_is_committed_and_small():
    assert REF.is_file(), f"{REF}: missing; train it with `avfusion-viz train --preset reference --out reference_out`"
    assert REF.stat().st_size <= 25_000_000, f"{REF}: {REF.stat().st_size / 1e6:.1f} MB, over the 25 MB budget"

def test_reference_reproduces_its_metrics(tmp_path):
    from avfusion_viz.train import load_checkpoint, load_model
    from avfusion_viz.demo import reference_checkpoint
    from avfusion_viz.synthav import write_design
    from avfusion_viz.data import read_synthav, AVDataset
    from avfusion_viz.evaluate import predict
    torch.set_num_threads(2)
    assert reference_checkpoint() == REF
    ck = load_checkpoint(REF)
    assert ck.optimizer is None and ck.rng is None                     # weights only
    assert ck.data["design"] == "reference" and ck.metrics is not None
    model, classes = load_model(REF)
    assert next(model.parameters()).dtype == torch.float32
    s = ck.data["settings"]
    data = write_design(tmp_path / "data", "reference", s["n_clips"], seed=s["seed"], seconds=float(s["seconds"]),
                        progress=False, only_splits=("test",))             # the test clips only, as in the whole set
    index = read_synthav(data)
    assert list(index.classes) == list(classes)
    test = AVDataset(index.split("test"), seconds=s["seconds"], fps=s["fps"], size=s["frame_size"], classes=classes)
    assert len(test) == ck.metrics["clips"]["test"]
    pred = predict(model, test, progress=False)
    got = {h: float((pred.head(h).argmax(1) == pred.labels).mean()) for h in (*pred.heads, "ensemble")}
    want = ck.metrics["test_top1"]
    one_clip = 1 / len(test)
    for h, v in want.items():                                          # h264 decoding is exact here: allow one clip
        assert abs(got[h] - v) <= one_clip + 1e-9, (h, got[h], v)
    assert want["ensemble"] > 1 / len(classes) * 5                     # far from chance (1/24)
    # the calibration it carries (fitted on validation) is the one its recorded test ECE was measured with
    from avfusion_viz.evaluate import calibrate, expected_calibration_error
    assert set(ck.calibration or {}) == set(pred.heads), "the reference model carries one temperature per head"
    cal = calibrate(pred, ck.calibration)
    for k, h in enumerate(pred.heads):
        assert abs(expected_calibration_error(cal.probs[:, k], cal.labels) - ck.metrics["test_ece_calibrated"][h]) < 0.02, h
        assert abs(expected_calibration_error(pred.probs[:, k], pred.labels) - ck.metrics["test_ece"][h]) < 0.02, h
    assert model.config.presence and model.config.one_vs_rest
    assert model.config.contrastive_weight == s["contrastive_weight"]   # the InfoNCE as the recipe recorded it
    # its readouts were fitted again on frozen features (train.fit_readouts); the record says how, and matches the config
    fit = ck.data["readouts_refit"]
    assert fit["sharpness"] == model.config.presence_sharpness and fit["epochs"] > 0 and fit["loss_after"] < fit["loss_before"]
    assert fit.get("audio_mixtures", 0.0) == s.get("refit_audio_mixtures", 0.0)   # two-sound mixtures as the recipe says
    assert fit.get("visual_mixtures", 0.0) == s.get("refit_visual_mixtures", 0.0)  # two-picture mixtures likewise
    assert (fit.get("n_visual_mixtures", 0) > 0) == (fit.get("visual_mixtures", 0.0) > 0)
    if s.get("refit_objects"):                                  # fitted on clips of the objects design, as the recipe says
        assert fit["n_clips"] == s["refit_objects"] and "objects design" in fit["clips"], fit
    # the onset, instant and continuous heads trained again on frozen features, reading the picture's change, as recorded
    assert ("event_heads" in ck.data) == bool(s.get("event_heads_epochs", 0))
    if "event_heads" in ck.data:
        ev = ck.data["event_heads"]
        assert tuple(model.config.change_heads) == tuple(ev["change_heads"]) == tuple(s["event_heads_change"])
        assert ev["epochs"] == s["event_heads_epochs"] and 0 <= ev["kept_epoch"] < ev["epochs"]
        assert ev["n_clips"] > ck.metrics["clips"]["train"] and "specialisation design" in ev["clips"]   # its clips too
        assert model.config.instant_k == ev.get("instant_k", 1) == s.get("event_heads_instant_k", 1)   # steps the instant head fuses
    # the label prior missing labels are divided by: present exactly when the recipe asks, of the readouts' own clips
    from avfusion_viz.interpret import LabelPrior
    assert ("label_prior" in ck.data) == bool(s.get("label_prior_eps", 0.0))
    if "label_prior" in ck.data:
        prior = LabelPrior.from_dict(ck.data["label_prior"])
        assert prior.classes == list(classes) and prior.eps == s["label_prior_eps"]
        for m in (prior.heard, prior.seen):                     # mean probabilities, one row per label
            assert m.shape == (len(classes), len(classes)) and ((m >= 0) & (m <= 1)).all()
        assert prior.clips.sum() == fit["n_clips"]              # the training clips the readouts were fitted on
    # the missing-label threshold bench synthav-eval applies: fitted with the confidence maps on the validation seed,
    # for the scores synthav-eval makes by default (the stored combiner's, else heard-and-seen over that prior; the data
    # set's 12 classes)
    from avfusion_viz.interpret import MissingThreshold, MissingCombiner, MISSING_FEATURES
    from avfusion_viz.synthav import CLASS_SETS
    assert "missing_threshold" in ck.data, "the reference model carries the missing-label threshold synthav-eval applies"
    mt = MissingThreshold.from_dict(ck.data["missing_threshold"])
    how = "combined" if "missing_combiner" in ck.data else "heard-and-seen"
    per_clip = s.get("missing_per_clip", 0) or None            # at most this many proposals per clip, as the recipe says
    assert mt.mismatch(how, "label_prior" in ck.data, [c.name for c in CLASS_SETS["standard"]], 0.8, per_clip) is None
    seed = s.get("calibration_seed", 6)                         # the confidence maps' validation seed, and its clips
    assert f"seed {seed}" in mt.fitted_on and f"seed {seed}" in ck.metrics["calibration_fitted_on"]
    if "missing_combiner" in ck.data:                           # fitted on the same clips as the threshold, just before it
        comb = MissingCombiner.from_dict(ck.data["missing_combiner"])
        assert comb.fitted_on == mt.fitted_on and comb.n_secondary == mt.n_secondary, (comb.fitted_on, mt.fitted_on)
        assert comb.n_pairs == mt.n_clips * (len(CLASS_SETS["standard"]) - 1)   # every clip's 11 non-label classes
        w = dict(zip(MISSING_FEATURES, comb.coef))              # more likely when heard and seen, less when the label
        assert w["heard"] > 0 and w["seen"] > 0 and w["prior heard"] < 0 and w["prior seen"] < 0, w   # alone evokes it
    # threshold and maps from the same validation seed's splits: the missing-labels design's N clips, all four designs' 4N
    if s.get("confidence_maps"):                                # fitted by train_reference itself, on that many clips
        assert mt.n_clips == s["confidence_maps"]               # (else afterwards, by `bench synthav-calibrate --clips N`)
    assert mt.n_clips > 0 and f"{4 * mt.n_clips} clips" in ck.metrics["calibration_fitted_on"]
    assert mt.threshold is not None and mt.precision >= 0.8 and 0 < mt.recall <= 1

def test_reference_carries_its_sync_map():
    """The sync map `bench synthav-eval` scores the silent twin on (notebook 08): fitted on the model's own training
    clips, reading one of its blocks, giving one map per clip in [-1, 1]."""
    from avfusion_viz.train import load_checkpoint, load_model
    from avfusion_viz.localization import load_sync_map, video_layers, sync_maps
    torch.set_num_threads(2)
    model, classes = load_model(REF)
    sync = load_sync_map(REF)
    assert sync is not None, f"{REF}: no sync map; add one with .ci/experiments/add_sync_map.py"
    assert sync.layer in video_layers(model) and sync.members >= 1
    assert "train split" in load_checkpoint(REF).data["sync_map"]["fitted_on"]
    from avfusion_viz.demo import ReferenceSettings     # the committed map follows what the recipe's does
    assert sync.sound == tuple(ReferenceSettings().sync_sound) == ("onset", "energy"), sync.sound
    assert sync.gate == ReferenceSettings().sync_gate == 1.5, sync.gate   # read with the gate chosen on validation
    c = model.config
    g = torch.Generator().manual_seed(0)
    frames, logmel = torch.randn(2, *c.frames_shape, generator=g), torch.randn(2, *c.logmel_shape, generator=g)
    env = torch.zeros(2, c.n_steps); env[0, 5] = env[1, 17] = 1.0
    m = sync_maps(model, sync, frames, logmel, None, env)
    assert m.shape == (2, c.n_frames, c.frame_size, c.frame_size) and torch.isfinite(m).all() and m.abs().max() <= 1 + 1e-5
    assert torch.equal(m[:, 0], m[:, -1]) and not torch.equal(m[0], m[1])   # one map per clip, each its own
