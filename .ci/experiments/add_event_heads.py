"""Train a finished reference model's onset, instant and continuous heads again on its frozen features, reading the
picture's change, and write the result with fresh temperatures, test metrics and calibration: what `train_reference`
does after its readouts (`ReferenceSettings.event_heads_*`), for a file trained before it did. Everything else of the
file (trunks, audio and visual heads with their readouts, projections, label prior, sync map) is kept; the confidence
maps, missing-label combiner and threshold are fitted again on the validation seed, as the recipe fits them.

    python .ci/experiments/add_event_heads.py CHECKPOINT OUT_DIR OUT.pt [CALIBRATION_DATA]
OUT_DIR: a `train_reference` folder whose data/ holds the reference design the model was trained on (its
specialisation/ is written there, or reused); CALIBRATION_DATA: the folder of the validation seed's claim-design
splits (bench synthav-calibrate --data; default OUT_DIR/calibration). EDGE=e in the environment: the heads read 0 at
e steps of each end of the clip instead of the recipe's `event_heads_change_edge` (ModelConfig.change_edge). INSTANT_K=k:
the instant head fuses the k steps of highest s_t (ModelConfig.instant_k) instead of the recipe's
`event_heads_instant_k` (before 2026-12-04: the model's own, 1). NOCAL=1: stop after the temperatures (no confidence
maps, missing-label combiner or threshold; for a quick look at the specialisation).
"""
import dataclasses, os, subprocess, sys, time
from pathlib import Path
import torch
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import AVDataset, read_synthav, FeatureCache
from avfusion_viz.evaluate import predict, fit_temperatures, calibrate, expected_calibration_error
from avfusion_viz.demo import ReferenceSettings, _event_heads_stage, _export_model, _top1

torch.set_num_threads(2)
ckpt, out, dest = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
cal_data = Path(sys.argv[4]) if len(sys.argv) > 4 else out / "calibration"
old = load_checkpoint(ckpt)
model, names = load_model(ckpt)
recorded = old.data["settings"]
s = dataclasses.replace(ReferenceSettings(), **{k: (tuple(v) if isinstance(v, list) else v) for k, v in recorded.items()
                                               if k in {f.name for f in dataclasses.fields(ReferenceSettings)}})
new = {k: getattr(ReferenceSettings(), k) for k in ("event_heads_epochs", "event_heads_change", "event_heads_change_edge",
                                                   "event_heads_instant_k", "event_heads_specialisation")}
if os.environ.get("EDGE"): new["event_heads_change_edge"] = int(os.environ["EDGE"])
if os.environ.get("INSTANT_K"): new["event_heads_instant_k"] = int(os.environ["INSTANT_K"])
s = dataclasses.replace(s, **new)                        # the recipe's stage as it stands now
c = model.config
cache = FeatureCache(out / "cache")
sets = {k: AVDataset(read_synthav(out / "data").split(k), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=names,
                     cache=cache) for k in ("train", "val", "test")}
assert len(sets["test"]) == old.metrics["clips"]["test"], "OUT_DIR/data is not the data the checkpoint records"
t0, c0 = time.perf_counter(), time.process_time()
model, record = _event_heads_stage(model, out, sets, names, s, verbose=True)
seconds = time.perf_counter() - t0
print(record, f"({seconds:.0f} s wall, {time.process_time() - c0:.0f} s CPU)", flush=True)
data = {k: v for k, v in old.data.items() if k not in ("missing_threshold", "missing_combiner")}   # fitted again below
data["settings"] = {**recorded, **{k: (list(v) if isinstance(v, tuple) else v) for k, v in new.items()}}
data["event_heads"] = record
metrics = dict(old.metrics)
_export_model(model, ckpt, dest, data=data, metrics=metrics, calibration=None)
model, _ = load_model(dest)                             # measured as a user loads it: the float16 file
calibration = fit_temperatures(predict(model, sets["val"], progress=False))
test = predict(model, sets["test"], progress=False)
cal = calibrate(test, calibration)
metrics.update(test_top1=_top1(test), temperatures=calibration,
               test_ece={h: expected_calibration_error(test.probs[:, k], test.labels) for k, h in enumerate(test.heads)},
               test_ece_calibrated={h: expected_calibration_error(cal.probs[:, k], cal.labels) for k, h in enumerate(cal.heads)},
               seconds={**old.metrics.get("seconds", {}), "event_heads": round(seconds, 1)})
metrics.pop("calibration_fitted_on", None)               # written again by synthav-calibrate
_export_model(model, ckpt, dest, data=data, metrics=metrics, calibration=calibration)
print("test top-1 (before → after):", {h: f"{old.metrics['test_top1'][h]:.3f} → {v:.3f}" for h, v in metrics["test_top1"].items()})
print("temperatures", {h: round(t, 3) for h, t in calibration.items()}, flush=True)
if os.environ.get("NOCAL"): sys.exit(print("wrote", dest, "(no confidence maps, combiner or threshold: NOCAL)"))
subprocess.run([sys.executable, "-m", "avfusion_viz.bench", "synthav-calibrate", "--checkpoint", str(dest), "--data",
                str(cal_data), "--seed", str(s.calibration_seed), "--clips", str(ReferenceSettings().confidence_maps), "--no-progress"], check=True)
print("wrote", dest)
