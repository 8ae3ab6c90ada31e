"""Which missing-label score ranks second sources best at the top? Several ways to score each non-label class of a clip
from the reference model's outputs, compared on validation data only: a fresh missing-labels split (data-set seed 5,
160 clips) and the `train` half of seed 1 (what `bench synthav-eval` uses to choose its threshold). For each score:
AUROC (no threshold), and recall at precision ≥ 0.8 with the threshold chosen on one set and applied to the other,
both ways.

    python .ci/experiments/missing_scores.py [CHECKPOINT] [DATA=/tmp/w/synthav_eval] [SPLIT]

SPLIT: a validation split whose `train` and `test` halves are compared instead (both are validation data when the
split is a validation seed's, e.g. DIR/missing-labels_seed6 written by `bench synthav-eval --data DIR --seed 6
--clips 480`).
"""
import sys
from pathlib import Path
import numpy as np, torch
from avfusion_viz.train import load_model
from avfusion_viz.data import FeatureCache
from avfusion_viz.synthav import write_design
from avfusion_viz.backbones import HEADS
from avfusion_viz.interpret import run_synthav, missing_label_truth, auroc
from avfusion_viz.evaluate import threshold_at_precision, precision_recall_at

torch.set_num_threads(2)
ckpt = sys.argv[1] if len(sys.argv) > 1 else "data_samples/reference/reference.pt"
root = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/w/synthav_eval")
model, classes = load_model(ckpt); c = model.config
f5 = root / "missing-labels_seed5"
if len(sys.argv) <= 3 and not (f5 / "synthav.json").is_file():
    write_design(f5, "missing-labels", 160, seed=5, seconds=float(c.seconds), splits=(0.5, 0.0, 0.5), progress=False)
f1 = root / "missing-labels_seed1"
if len(sys.argv) > 3:    # a validation split's two halves instead (e.g. DIR/missing-labels_seed6 of `bench --seed 6 --clips 480`)
    f = Path(sys.argv[3])
    runs = {f"{f.name} train": run_synthav(model, f, "train", classes=classes, cache=FeatureCache(f / "cache"), progress=False),
            f"{f.name} test": run_synthav(model, f, "test", classes=classes, cache=FeatureCache(f / "cache"), progress=False)}
else:
    runs = {"seed 5 (all)": run_synthav(model, f5, None, classes=classes, cache=FeatureCache(f5 / "cache"), progress=False),
            "seed 1 (train half)": run_synthav(model, f1, "train", classes=classes, cache=FeatureCache(f1 / "cache"), progress=False)}

def scores(run):
    ovr = np.stack([run.ovr[h] for h in HEADS], 1)                  # (N, H, C)
    z = np.stack([run.logits[h] for h in HEADS], 1).astype(float)
    sm = np.exp(z - z.max(-1, keepdims=True)); sm /= sm.sum(-1, keepdims=True)
    ap = run.audio_presence.max(1) if run.audio_presence is not None else None     # (N, C) max over steps
    vp = run.visual_presence.max(1) if run.visual_presence is not None else None
    out = {"max over heads, one-vs-rest (before)": ovr.max(1), "mean over heads, one-vs-rest": ovr.mean(1),
           "max over heads, softmax": sm.max(1), "mean over heads, softmax": sm.mean(1),
           "2nd largest over heads, one-vs-rest": np.sort(ovr, 1)[:, -2]}
    if ap is not None and vp is not None:
        out["presence: heard × seen (max over steps; committed)"] = ap * vp
        out["presence: min(heard, seen)"] = np.minimum(ap, vp)
        out["presence: max(heard, seen)"] = np.maximum(ap, vp)
        out["one-vs-rest max × presence min"] = ovr.max(1) * np.minimum(ap, vp)
        out["presence: heard and seen at one step"] = np.minimum(run.audio_presence, run.visual_presence).max(1)
    for k in out: out[k] = out[k].astype(float); out[k][np.arange(len(run.labels)), run.labels] = -np.inf
    return out

S = {n: scores(r) for n, r in runs.items()}
T = {n: missing_label_truth(r)[0] for n, r in runs.items()}
names = list(runs)
print(f"secondary labels: " + ", ".join(f"{n} {int(T[n].sum())}" for n in names))
for key in S[names[0]]:
    line = f"{key:<42}"
    for n in names:
        s, t = S[n][key], T[n]; fin = np.isfinite(s)
        line += f" AUROC {n.split()[-1]} {auroc(s[fin], t[fin]):.3f}"
    for a, b in ((names[0], names[1]), (names[1], names[0])):
        th = threshold_at_precision(S[a][key], T[a], 0.8)
        p, r, k = precision_recall_at(S[b][key], T[b], th) if th is not None else (float("nan"), 0.0, 0)
        line += f" | {a.split()[-1]}→{b.split()[-1]}: recall {r:.3f} precision {p:.2f} ({k})"
    print(line, flush=True)
