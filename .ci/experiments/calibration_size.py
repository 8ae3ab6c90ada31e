"""Calibration of the reference model measured on enough clips to tell: 1000 fresh clips of its own design (seed 7,
never used elsewhere), 500 validation + 500 test. Temperatures fitted on these 500 validation clips beside the ones the
checkpoint stores (fitted on the reference set's 144 validation clips); the ECE of each head on the 500 test clips with
the chance ECE of a calibrated head with the same confidences (evaluate.ece_chance).

    python .ci/experiments/calibration_size.py [OUT=/tmp/calib_seed7]     (~1 min to generate, ~3 min to predict, 1 core)
"""
import sys
from pathlib import Path
import torch
from avfusion_viz.synthav import write_design
from avfusion_viz.train import load_model
from avfusion_viz.data import read_synthav, AVDataset
from avfusion_viz.evaluate import predict, calibrate, expected_calibration_error, ece_chance, fit_temperatures

torch.set_num_threads(1)
out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/calib_seed7")
if not (out / "synthav.json").is_file():
    write_design(out, "reference", 1000, seed=7, seconds=3.0, splits=(0.0, 0.5, 0.5), workers=1, progress=False)
model, classes = load_model("data_samples/reference/reference.pt")
c = model.config
index = read_synthav(out)
pred = {s: predict(model, AVDataset(index.split(s), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                                    cache=out / "cache"), progress=False) for s in ("val", "test")}
stored, refit = model.temperatures, fit_temperatures(pred["val"])
print("T stored (144 reference val clips):", {h: round(t, 2) for h, t in stored.items()})
print("T fitted on 500 val clips (seed 7):", {h: round(t, 2) for h, t in refit.items()})
p = pred["test"]; a, b = calibrate(p, stored), calibrate(p, refit)
print(f"{len(p.labels)} test clips: ECE raw | T stored | T refit | a calibrated head by chance, mean (95 %)")
for k, h in enumerate(p.heads):
    m, hi = ece_chance(b.probs[:, k])
    print(f"{h:11s} top-1 {(p.probs[:, k].argmax(1) == p.labels).mean():.3f}  {expected_calibration_error(p.probs[:, k], p.labels):.3f}"
          f" | {expected_calibration_error(a.probs[:, k], a.labels):.3f} | {expected_calibration_error(b.probs[:, k], b.labels):.3f}"
          f" | {m:.3f} ({hi:.3f})")
