"""Does the one-vs-rest readout add to heard and seen over the label prior? Missing-label scores of one checkpoint on
validation missing-labels splits: heard / (H + 0.1) × seen / (S + 0.1) (the committed score), times the largest
one-vs-rest probability over heads, its square root, or it over its own label prior + 0.1; recall at precision ≥ 0.8
(threshold from one half applied to the other, both ways, the data set's classes) and AUROC, averaged over the splits.
    python .ci/experiments/missing_ovr_factor.py CHECKPOINT REFERENCE_OUT SPLIT [SPLIT ...]
"""
import sys, numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model
from avfusion_viz.data import FeatureCache, read_synthav
from avfusion_viz.backbones import HEADS
from avfusion_viz.interpret import run_synthav, missing_label_truth, _label_means
from avfusion_viz.evaluate import missing_label_scores
from _both_ways import both_ways
torch.set_num_threads(2)
model, classes = load_model(sys.argv[1]); ref = Path(sys.argv[2]); splits = [Path(p) for p in sys.argv[3:]]
C = len(classes)
tr = run_synthav(model, ref / "data", "train", classes=classes, cache=FeatureCache(ref / "cache"), progress=False)
def permean(x): return _label_means(np.asarray(tr.labels), x, C)
def omax(r): return np.max(np.stack([r.ovr[h] for h in HEADS], 1), 1)
Ph, Ps, Po = permean(tr.audio_presence.max(1)), permean(tr.visual_presence.max(1)), permean(omax(tr))
res = {}
for split in splits:
    runs = {h: run_synthav(model, split, h, classes=classes, cache=FeatureCache(split / "cache"), progress=False) for h in ("train", "test")}
    cand = np.isin(classes, read_synthav(split).classes)
    def ev(f, name):
        S, T = {}, {}
        for h, r in runs.items():
            s = missing_label_scores(f(r.audio_presence.max(1), r.visual_presence.max(1), omax(r), r.labels)[:, None], r.labels)
            s[:, ~cand] = -np.inf; S[h], T[h] = s, missing_label_truth(r)[0]
        res.setdefault(name, []).append(np.mean([(rc, u) for rc, _, _, u in both_ways(S, T)], 0))
    e = 0.1
    ev(lambda h, s, o, y: (h / (Ph[y] + e)) * (s / (Ps[y] + e)), "separate 0.1")
    ev(lambda h, s, o, y: (h / (Ph[y] + e)) * (s / (Ps[y] + e)) * o, "separate x ovr")
    ev(lambda h, s, o, y: (h / (Ph[y] + e)) * (s / (Ps[y] + e)) * np.sqrt(o), "separate x sqrt ovr")
    ev(lambda h, s, o, y: (h / (Ph[y] + e)) * (s / (Ps[y] + e)) * (o / (Po[y] + e)), "separate x ovr/prior")
for k, v in res.items():
    v = np.array(v); print(f"{Path(sys.argv[1]).name:14s} {k:26s} recall {v[:, 0].mean():.3f} AUROC {v[:, 1].mean():.3f}  per split " + " ".join(f"{x:.3f}" for x in v[:, 0]), flush=True)
