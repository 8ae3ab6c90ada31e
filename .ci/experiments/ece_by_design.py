"""Where each head's calibration error comes from: per claim design (the test halves `bench synthav-eval` wrote),
each head's top-1, its mean top-1 confidence raw and with the checkpoint's temperatures, and its ECE raw and
calibrated. Shows whether one temperature per head could fit every design at once.

    python .ci/experiments/ece_by_design.py [DATA=synthav_eval] [SEED=1] [CHECKPOINT]
"""
import sys, numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
from avfusion_viz.evaluate import predict, calibrate, expected_calibration_error
torch.set_num_threads(1)
model, classes = load_model(sys.argv[3] if len(sys.argv) > 3 else "data_samples/reference/reference.pt"); c = model.config
root = Path(sys.argv[1] if len(sys.argv) > 1 else "synthav_eval"); seed = sys.argv[2] if len(sys.argv) > 2 else "1"
for d in ("localization", "timeline", "specialisation", "missing-labels"):
    f = root / f"{d}_seed{seed}"
    ds = AVDataset(read_synthav(f).split("test"), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                   unknown_labels="skip", cache=FeatureCache(f / "cache"))
    p = predict(model, ds, progress=False); q = calibrate(p, model.temperatures)
    row = []
    for k, h in enumerate(p.heads):
        conf = p.probs[:, k].max(1).mean(); acc = (p.probs[:, k].argmax(1) == p.labels).mean()
        cc = q.probs[:, k].max(1).mean()
        row.append(f"{h} acc {acc:.2f} conf {conf:.2f}/{cc:.2f} ECE {expected_calibration_error(p.probs[:, k], p.labels):.3f}/{expected_calibration_error(q.probs[:, k], q.labels):.3f}")
    print(d, len(p.labels)); print("   " + "\n   ".join(row), flush=True)
