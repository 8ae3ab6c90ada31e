"""A second stage for missing labels: with at most one proposal per clip, only each clip's best candidate can be proposed,
so the question left is per clip: is that candidate a true second source? The committed combiner's score `s1` answers
it alone. Here a second logistic regression answers it from clip-level numbers beside `s1`: the margin to the clip's
second-best candidate (`margin`) and that candidate's score (`s2`); the candidate's own combiner features
(`interpret.MISSING_FEATURES`, `f0` …); when it is heard and seen against the label (the correlation over steps of
its presence with the label's, and the label's own heard and seen: `label timing`); how many classes the clip hears and
shows at p > 0.5 and its strongest other heard and seen class (`counts`); heard and seen at one step (`minstep`).
Each variant: standardised features, C = 0.1, fitted on both halves of FIT_SPLIT; its threshold there, the lowest
with precision >= 0.8 (recall counts every second source of the clips, as `bench` does); scored on the test half
of each SPLIT.

    RUNS=DIR python .ci/experiments/missing_stage_two.py CHECKPOINT FIT_SPLIT -- SPLIT [SPLIT ...]
"""
import sys, numpy as np, torch
from pathlib import Path
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import read_synthav
from avfusion_viz.interpret import missing_label_truth, LabelPrior, MissingCombiner, missing_features, auroc
from _runs import both_halves
torch.set_num_threads(2)
ck, rest = sys.argv[1], sys.argv[2:]
fit_split, splits = Path(rest[0]), [Path(p) for p in rest[rest.index("--") + 1:]]
model, classes = load_model(ck); model.eval()
data = load_checkpoint(ck).data
prior, comb = LabelPrior.from_dict(data["label_prior"]), MissingCombiner.from_dict(data["missing_combiner"])
C = len(classes)
log = lambda p: np.log(np.clip(np.asarray(p, np.float64), 1e-6, 1.0))
def corr(a, b):    # Pearson over steps (axis 1) of (N, T) arrays
    a = a - a.mean(1, keepdims=True); b = b - b.mean(1, keepdims=True)
    return (a * b).sum(1) / np.sqrt((a * a).sum(1) * (b * b).sum(1) + 1e-9)

def halves(split):
    "Per half: each clip's best candidate's clip-level numbers, whether it is a true second source, the second sources."
    out = []
    cand = np.isin(classes, read_synthav(split, sidecars=False).classes)
    for r in both_halves(model, classes, ck, split):
        X = missing_features(r, prior)
        sc = np.where(cand[None], comb.score(r, prior), -np.inf)
        truth = missing_label_truth(r)[0]
        n, y = np.arange(len(sc)), np.asarray(r.labels)
        order = np.argsort(-sc, 1); t1, t2 = order[:, 0], order[:, 1]
        A, V = r.audio_presence.astype(np.float64), r.visual_presence.astype(np.float64)
        la, lv, a1, v1 = A[n, :, y], V[n, :, y], A[n, :, t1], V[n, :, t1]
        other = lambda P: log(np.sort(np.where(np.arange(C)[None] == y[:, None], 0, P.max(1)), 1)[:, -1])
        f = dict(s1=sc[n, t1], margin=sc[n, t1] - sc[n, t2], s2=sc[n, t2],
                 **{f"f{k}": X[n, t1, k] for k in range(X.shape[-1])},
                 label_heard=log(la.max(1)), label_seen=log(lv.max(1)), corr_a=corr(a1, la), corr_v=corr(v1, lv),
                 n_heard=(A.max(1) > 0.5).sum(1).astype(float), n_seen=(V.max(1) > 0.5).sum(1).astype(float),
                 heard2=other(A), seen2=other(V), minstep=log(np.minimum(a1, v1).max(1)))
        out.append(dict(F=f, ok=truth[n, t1], n_true=int(truth.sum())))
    return out

FIT = halves(fit_split)
TEST = {s.name.split("_seed")[-1]: halves(s) for s in splits}
timing, counts = ["corr_a", "corr_v", "label_heard", "label_seen"], ["n_heard", "n_seen", "heard2", "seen2"]
VARIANTS = {"s1 only (committed)": ["s1"], "+ margin": ["s1", "margin"], "+ margin, s2": ["s1", "margin", "s2"],
            "+ label timing": ["s1", *timing], "+ margin + label timing": ["s1", "margin", *timing],
            "+ counts": ["s1", *counts], "+ margin + counts + timing": ["s1", "margin", *timing, *counts, "minstep"],
            "all": list(FIT[0]["F"])}
mat = lambda hs, cols: np.concatenate([np.stack([h["F"][c] for c in cols], 1) for h in hs])
def at(score, ok, n_true, th):   # precision, recall
    prop = score >= th
    return (ok[prop].mean() if prop.any() else float("nan")), (ok & prop).sum() / n_true
for name, cols in VARIANTS.items():
    X, ok, n_true = mat(FIT, cols), np.concatenate([h["ok"] for h in FIT]), sum(h["n_true"] for h in FIT)
    if cols == ["s1"]: f = lambda Z: Z[:, 0]                 # the committed score, thresholded as bench does
    else: f = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=5000)).fit(X, ok).decision_function
    s = f(X)
    th = next(t for t in np.sort(s) if at(s, ok, n_true, t)[0] >= 0.8)
    rs, ps, row = [], [], []
    for seed, hs in TEST.items():
        p, r = at(f(mat(hs[1:], cols)), hs[1]["ok"], hs[1]["n_true"], th); rs.append(r); ps.append(p)
        row.append(f"{seed}: {r:.3f} ({p:.3f}) AUROC {auroc(f(mat(hs, cols)), np.concatenate([h['ok'] for h in hs])):.3f}")
    print(f"{name:28s} " + " | ".join(row) + f" | mean {np.mean(rs):.3f} ({np.mean(ps):.3f})", flush=True)
