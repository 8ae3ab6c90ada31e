"""Combiner features that ask for both modalities at once: a distractor (an off-screen sound, a silent visible object)
is truly present in one modality, and is proposed when the other is mistaken; the combiner weighs log heard and log seen
linearly, so one strong factor can carry a weak one. Added to `MISSING_FEATURES`, one at a time and together:
  E1  min(log heard − log(prior heard + ε), log seen − log(prior seen + ε)): the weaker factor over what the label evokes
  E2  min(heard rank, seen rank)
Each combiner is fitted as `fit_missing_combiner` fits (C = 0.1, both halves of the calibration split, the data set's
classes), its threshold there with at most one proposal per clip (as `bench synthav-calibrate`), and scored on the test
halves of the other splits.
    python .ci/experiments/missing_both_feature.py CHECKPOINT CALIBRATION_SPLIT -- SPLIT [SPLIT ...]
"""
import sys, numpy as np, torch
from pathlib import Path
from sklearn.linear_model import LogisticRegression
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import FeatureCache, read_synthav
from avfusion_viz.interpret import (run_synthav, missing_label_truth, missing_features, missing_label_scores, LabelPrior,
                                    MissingCombiner, MISSING_FEATURES, cap_per_clip, _proposable_threshold)
from avfusion_viz.evaluate import precision_recall_at

torch.set_num_threads(2)
ck, rest = sys.argv[1], sys.argv[2:]
cal, tests = Path(rest[0]), [Path(p) for p in rest[rest.index("--") + 1:]]
model, classes = load_model(ck); model.eval()
data = load_checkpoint(ck).data
prior, stored = LabelPrior.from_dict(data["label_prior"]), MissingCombiner.from_dict(data["missing_combiner"])
F = {n: k for k, n in enumerate(MISSING_FEATURES)}
def load(folder, half):
    run = run_synthav(model, folder, half, classes=classes, cache=FeatureCache(folder / "cache"), progress=False)
    cand = np.isin(run.classes, [n for n in read_synthav(folder, sidecars=False).classes if n in classes])
    X = missing_features(run, prior)
    e1 = np.minimum(X[..., F["heard"]] - X[..., F["prior heard"]], X[..., F["seen"]] - X[..., F["prior seen"]])
    e2 = np.minimum(X[..., F["heard rank"]], X[..., F["seen rank"]])
    return dict(X=np.concatenate([X, e1[..., None], e2[..., None]], -1), labels=run.labels, cand=cand,
                truth=missing_label_truth(run)[0])
CAL = [load(cal, h) for h in ("train", "test")]
TEST = {f.name: load(f, "test") for f in tests}
n = len(MISSING_FEATURES)
VARIANTS = {"committed features": list(range(n)), "+ E1": list(range(n)) + [n], "+ E2": list(range(n)) + [n + 1],
            "+ E1 + E2": list(range(n + 2))}
def scores(d, coef, b, cols):
    s = missing_label_scores((d["X"][..., cols] @ coef + b)[:, None], d["labels"])
    return cap_per_clip(np.where(d["cand"][None], s, -np.inf), 1)
for name, cols in VARIANTS.items():
    keep = [(np.arange(len(classes))[None] != d["labels"][:, None]) & d["cand"][None] for d in CAL]
    X = np.concatenate([d["X"][k][:, cols] for d, k in zip(CAL, keep)]); T = np.concatenate([d["truth"][k] for d, k in zip(CAL, keep)])
    lr = LogisticRegression(C=0.1, max_iter=5000).fit(X, T)
    coef, b = lr.coef_[0], float(lr.intercept_[0])
    if name == "committed features": print("refit against the stored combiner, largest |weight difference|:", float(np.abs(coef - stored.coef).max()))
    s = np.concatenate([scores(d, coef, b, cols) for d in CAL]); t = np.concatenate([d["truth"] for d in CAL])
    th = _proposable_threshold(s, t, 0.8)
    row, rs, ps = [], [], []
    for f, d in TEST.items():
        p, r, _ = precision_recall_at(scores(d, coef, b, cols), d["truth"], th); rs.append(r); ps.append(p)
        row.append(f"{f.split('_seed')[-1]}: {r:.3f} ({p:.3f})")
    extra = "" if len(cols) == n else "  weights of the new: " + ", ".join(f"{w:+.2f}" for w in coef[n:])
    print(f"{name:20s} threshold {th:.3f} | " + " | ".join(row) + f" | mean {np.mean(rs):.3f} ({np.mean(ps):.3f})" + extra, flush=True)
