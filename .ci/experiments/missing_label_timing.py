"""Does *when* a candidate class is heard and seen, beside the label's own presence, help the missing-label combiner?

    RUNS=DIR python .ci/experiments/missing_label_timing.py CHECKPOINT FIT_SPLIT -- SPLIT [SPLIT ...] -- CONFIRM_SPLIT

Splits: missing-labels splits written like `bench synthav-eval --data DIR --seed N --clips 480` writes them (both
halves used). Eleven numbers per (clip, candidate class) are added to `interpret.MISSING_FEATURES`, all from the presence
readouts (audio and visual, per step): heard and seen at the same step (max of the product, max of the minimum), mean
heard and mean seen over the steps, the correlation over steps of heard with seen, of the candidate's heard with the
label's heard and of its seen with the label's seen (a readout's echo of the label rises and falls with the label; a
second source keeps its own times), the label's own heard and seen, and how many classes the clip hears and shows at
p > 0.5. Every variant is a logistic regression (C = 0.1) as `interpret.fit_missing_combiner` fits one.

1. Ten folds of whole clips over FIT_SPLIT and the SPLITs pooled: recall at precision >= 0.8 (threshold from the other
   nine folds) for the committed features and for each variant, with the paired difference.
2. Once, on CONFIRM_SPLIT (a validation seed no variant was chosen on): the committed features and the best pooled
   variant ("label": the two correlations with the label and the label's heard and seen), each fitted on FIT_SPLIT
   alone (as `bench synthav-calibrate` fits it) and on all the splits, threshold for precision >= 0.8 in-sample.
3. The committed features fitted on FIT_SPLIT with the threshold chosen out of fold instead (ten folds of FIT_SPLIT's
   clips, each scored by a combiner fitted on the other nine): is the in-sample threshold optimistic?
"""
import sys, zlib, numpy as np, torch
from pathlib import Path
from sklearn.linear_model import LogisticRegression
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import read_synthav
from avfusion_viz.interpret import missing_label_truth, LabelPrior, auroc, missing_features, MISSING_FEATURES
from avfusion_viz.evaluate import threshold_at_precision, precision_recall_at
from _runs import both_halves
torch.set_num_threads(2)
ckpt = sys.argv[1]
cut = [i for i, a in enumerate(sys.argv) if a == "--"]
fit_split = Path(sys.argv[2])
splits = [Path(s) for s in sys.argv[cut[0] + 1:cut[1]]]
confirm = Path(sys.argv[cut[1] + 1])
model, classes = load_model(ckpt); model.eval()
prior = LabelPrior.from_dict(load_checkpoint(ckpt).data["label_prior"])
C = len(classes)

runs = lambda split: both_halves(model, classes, ckpt, split)   # run_synthav on both halves, kept in $RUNS

EXTRA = ["heard and seen at one step (max product)", "heard and seen at one step (max minimum)", "mean heard",
         "mean seen", "corr(heard, seen)", "corr(heard, label heard)", "corr(seen, label seen)", "label heard",
         "label seen", "classes heard", "classes seen"]
log = lambda p: np.log(np.clip(np.asarray(p, np.float64), 1e-6, 1.0))
def corr(a, b):    # Pearson over steps (axis 1) of (N, T, C) arrays
    a = a - a.mean(1, keepdims=True); b = b - b.mean(1, keepdims=True)
    return (a * b).sum(1) / np.sqrt((a * a).sum(1) * (b * b).sum(1) + 1e-9)
def extra(r):      # (N, C, len(EXTRA))
    A, V = r.audio_presence.astype(np.float64), r.visual_presence.astype(np.float64)
    if A.shape != V.shape: raise SystemExit(f"audio presence {A.shape} and visual {V.shape} differ in steps")
    y = np.asarray(r.labels); N, T, Cc = A.shape
    la, lv = A[np.arange(N), :, y][..., None], V[np.arange(N), :, y][..., None]          # (N, T, 1) the label's
    count = lambda P: np.broadcast_to((P.max(1) > 0.5).sum(1, keepdims=True), (N, Cc)).astype(float)
    return np.stack([log((A * V).max(1)), log(np.minimum(A, V).max(1)), log(A.mean(1)), log(V.mean(1)), corr(A, V),
                     corr(A, np.broadcast_to(la, A.shape)), corr(V, np.broadcast_to(lv, V.shape)),
                     np.broadcast_to(log(la.max(1)), (N, Cc)), np.broadcast_to(log(lv.max(1)), (N, Cc)),
                     count(A), count(V)], -1)
def table(split):
    "Per (clip, candidate class): the features (committed, then EXTRA), the truth, the clip (for folds)."
    X, T, G = [], [], []
    cand = np.isin(classes, read_synthav(split).classes)
    for half, r in enumerate(runs(split)):
        y = np.asarray(r.labels)
        keep = cand[None] & (np.arange(C)[None] != y[:, None])
        X.append(np.concatenate([missing_features(r, prior), extra(r)], -1)[keep])
        T.append(missing_label_truth(r)[0][keep])
        G.append(np.broadcast_to(np.arange(len(y))[:, None] + 10000 * half
                                 + 100000 * (zlib.crc32(split.name.encode()) % 1000), keep.shape)[keep])
    return np.concatenate(X), np.concatenate(T).astype(bool), np.concatenate(G)

F = len(MISSING_FEATURES); base = list(range(F)); col = {n: F + i for i, n in enumerate(EXTRA)}
variants = {n: base + [col[n]] for n in EXTRA}
variants["label"] = base + [col[n] for n in EXTRA[5:9]]
variants["every one"] = base + list(col.values())
def fit(X, T, cols):
    lr = LogisticRegression(C=0.1, max_iter=3000).fit(X[:, cols], T)
    return lr, threshold_at_precision(lr.decision_function(X[:, cols])[None], T[None], 0.8)

data = {s: table(s) for s in [fit_split] + splits}
X = np.concatenate([d[0] for d in data.values()]); T = np.concatenate([d[1] for d in data.values()])
clips, inv = np.unique(np.concatenate([d[2] for d in data.values()]), return_inverse=True)
k = 10; folds = (np.random.default_rng(0).permutation(len(clips)) % k)[inv]
print(f"pooled: {len(T)} (clip, class) pairs, {T.sum()} second sources, {len(clips)} clips, {k} folds")
def cv(cols):
    rs, ps = [], []
    for f in range(k):
        tr, te = folds != f, folds == f
        lr, th = fit(X[tr], T[tr], cols)
        p, r, _ = precision_recall_at(lr.decision_function(X[te][:, cols])[None], T[te][None], th)
        rs.append(r); ps.append(p)
    return np.array(rs), np.nanmean(ps)
rb, pb = cv(base)
print(f"{'committed features':44s} recall {rb.mean():.3f} (precision {pb:.3f})", flush=True)
for name, cols in variants.items():
    rv, pv = cv(cols); d = rv - rb
    print(f"{'+ ' + name:44s} recall {rv.mean():.3f} (precision {pv:.3f})  difference {d.mean():+.3f} ± "
          f"{d.std(ddof=1) / np.sqrt(k):.3f}, higher on {(d > 0).sum()} of {k} folds", flush=True)

Xc, Tc, _ = table(confirm)
print(f"\nconfirm on {confirm.name} (both halves): {len(Tc)} pairs, {Tc.sum()} second sources")
for where, Xf, Tf in ((fit_split.name, *data[fit_split][:2]), ("all splits", X, T)):
    for name, cols in (("committed features", base), ("+ label", variants["label"])):
        lr, th = fit(Xf, Tf, cols)
        sc = lr.decision_function(Xc[:, cols]); p, r, _ = precision_recall_at(sc[None], Tc[None], th)
        print(f"fitted on {where:22s} {name:20s} recall {r:.3f} at precision {p:.3f} (AUROC {auroc(sc, Tc):.3f})")

Xf, Tf, Gf = data[fit_split]
lr, th_in = fit(Xf, Tf, base)
f_ids = (np.random.default_rng(0).permutation(len(np.unique(Gf))) % k)[np.unique(Gf, return_inverse=True)[1]]
oof = np.empty(len(Tf))
for f in range(k):
    m, _ = fit(Xf[f_ids != f], Tf[f_ids != f], base)
    oof[f_ids == f] = m.decision_function(Xf[f_ids == f][:, base])
th_oof = threshold_at_precision(oof[None], Tf[None], 0.8)
print(f"\ncommitted features fitted on {fit_split.name}: threshold in-sample {th_in:.3f}, out of fold {th_oof:.3f}")
for s, (Xs, Ts) in [(s.name, data[s][:2]) for s in splits] + [(confirm.name, (Xc, Tc))]:
    sc = lr.decision_function(Xs[:, base])
    print(f"  {s:24s} " + "  ".join(f"{n}: recall {r:.3f} at precision {p:.3f}" for n, th in (("in-sample", th_in), ("out of fold", th_oof))
                                     for p, r, _ in [precision_recall_at(sc[None], Ts[None], th)]))
