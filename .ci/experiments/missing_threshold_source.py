"""Where should the missing-label threshold come from? The committed model's scores (heard and seen over its label
prior, the data set's classes) on validation missing-labels splits: the threshold for precision ≥ 0.8 chosen on the
other half of the same split (what `bench synthav-eval` does) against one chosen on a larger split of another seed
(both halves of VAL_DIR/missing-labels_seed6, 480 clips), each applied to seeds 4 and 5 (both ways).
    python .ci/experiments/missing_threshold_source.py VAL_DIR
VAL_DIR holds missing-labels_seed6 (480 clips), missing-labels_seed4 and missing-labels_seed5 (160 each), written like
`bench synthav-eval --data VAL_DIR --seed 6 --clips 480` writes them.
"""
import sys
import numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import FeatureCache, read_synthav
from avfusion_viz.interpret import run_synthav, run_missing_scores, missing_label_truth, LabelPrior
from avfusion_viz.evaluate import threshold_at_precision, precision_recall_at
torch.set_num_threads(2)
ck = "data_samples/reference/reference.pt"
model, classes = load_model(ck); prior = LabelPrior.from_dict(load_checkpoint(ck).data["label_prior"])
V = Path(sys.argv[1])
def scored(split, half):
    r = run_synthav(model, split, half, classes=classes, cache=FeatureCache(split / "cache"), progress=False)
    s, _ = run_missing_scores(r, candidates=read_synthav(split).classes, prior=prior)
    return s, missing_label_truth(r)[0]
S = {(k, h): scored(V / f"missing-labels_seed{k}", h) for k in (6, 4, 5) for h in ("train", "test")}
big = (np.concatenate([S[6, h][0] for h in ("train", "test")]), np.concatenate([S[6, h][1] for h in ("train", "test")]))
th6 = threshold_at_precision(*big, 0.8)
print("threshold from seed 6 (480 clips):", th6)
for k in (4, 5):
    for a, b in (("train", "test"), ("test", "train")):
        th = threshold_at_precision(*S[k, a], 0.8)
        p, r, n = precision_recall_at(*S[k, b], th) if th is not None else (float("nan"), 0, 0)
        p6, r6, n6 = precision_recall_at(*S[k, b], th6)
        print(f"seed {k} {a}->{b}: own half th {th:.2f} recall {r:.3f} P {p:.2f} | seed-6 th recall {r6:.3f} P {p6:.2f}")
