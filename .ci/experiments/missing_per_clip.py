"""How many missing labels should a clip propose at most? The committed model's heard-and-seen scores on a validation
split's two halves (`bench synthav-eval --data DIR --seed 6 --clips 480` writes DIR/missing-labels_seed6): only each
clip's K best-scoring classes stay candidates; the threshold for precision ≥ 0.8 is chosen on one half, recall (of
every true second source, capped away or not) and precision measured on the other, both ways, for K = 1, 2, 3 and none.

    python .ci/experiments/missing_per_clip.py SPLIT [CHECKPOINT]
"""
import sys
from pathlib import Path
import numpy as np, torch
from avfusion_viz.train import load_model
from avfusion_viz.data import FeatureCache
from avfusion_viz.interpret import run_synthav, run_missing_scores, missing_label_truth
from avfusion_viz.evaluate import threshold_at_precision

torch.set_num_threads(2)
f = Path(sys.argv[1])
model, classes = load_model(sys.argv[2] if len(sys.argv) > 2 else "data_samples/reference/reference.pt")
halves = {s: run_synthav(model, f, s, classes=classes, cache=FeatureCache(f / "cache"), progress=False) for s in ("train", "test")}
scores = {s: run_missing_scores(r, "heard-and-seen")[0] for s, r in halves.items()}
truth = {s: missing_label_truth(r)[0] for s, r in halves.items()}

def cap(s, k):
    if k is None: return s
    s = s.copy(); np.put_along_axis(s, np.argsort(-s, axis=1, kind="stable")[:, k:], -np.inf, axis=1); return s

for k in (1, 2, 3, None):
    row = []
    for a, b in (("train", "test"), ("test", "train")):
        th = threshold_at_precision(cap(scores[a], k), truth[a], 0.8)
        s = cap(scores[b], k); prop = np.isfinite(s) & (s >= th) if th is not None else np.zeros_like(truth[b])
        hit, n = int((prop & truth[b]).sum()), int(prop.sum())
        row.append(f"{a}→{b}: recall {hit / truth[b].sum():.3f} precision {hit / n if n else float('nan'):.2f} ({n} proposals)")
    print(f"at most {k} per clip: " + " | ".join(row), flush=True)
