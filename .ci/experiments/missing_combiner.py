"""Missing labels scored by a small learnt combiner instead of the fixed heard / prior × seen / prior product.

    python .ci/experiments/missing_combiner.py CHECKPOINT FIT_SPLIT -- SPLIT [SPLIT ...]

Splits: validation missing-labels splits written like `bench synthav-eval --data DIR --seed N --clips 480` writes them
(halves `train`, `test`; both halves are used). A logistic regression over a few per-(clip, class) numbers the model
already gives (log heard, log seen, each label prior, the one-vs-rest probabilities of the heads) is fitted on
FIT_SPLIT's clips; its threshold for precision ≥ 0.8 is chosen there too, as the stored threshold is, and both are
applied to the other splits. Printed beside it: the stored score (heard and seen over the label prior) with a threshold
chosen on FIT_SPLIT the same way. Candidates: the data set's classes, the clip's label excluded.
"""
import sys, numpy as np, torch
from pathlib import Path
from sklearn.linear_model import LogisticRegression
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import read_synthav
from avfusion_viz.interpret import missing_label_truth, LabelPrior, auroc, run_missing_scores, missing_features
from avfusion_viz.evaluate import threshold_at_precision, precision_recall_at
from avfusion_viz.model import HEADS
from _runs import both_halves
torch.set_num_threads(2)
ckpt = sys.argv[1]
fit_split, splits = Path(sys.argv[2]), [Path(s) for s in sys.argv[sys.argv.index("--") + 1:]]
model, classes = load_model(ckpt); model.eval()
prior = LabelPrior.from_dict(load_checkpoint(ckpt).data["label_prior"])
C = len(classes)
import os, zlib
runs = lambda split: both_halves(model, classes, ckpt, split)   # run_synthav on both halves, kept in $RUNS
def table(split):
    "Per (clip, candidate class): features, truth, the stored score."
    X, T, S, G = [], [], [], []
    cand = np.isin(classes, read_synthav(split).classes)
    for half, r in enumerate(runs(split)):
        y = np.asarray(r.labels); n = len(y)
        f = missing_features(r, prior)                 # (N, C, F): interpret.MISSING_FEATURES, the columns `sets` picks
        keep = cand[None] & (np.arange(C)[None] != y[:, None])
        truth = missing_label_truth(r)[0]
        stored = run_missing_scores(r, "heard-and-seen", None, prior)[0]
        X.append(f[keep]); T.append(truth[keep]); S.append(stored[keep])
        G.append(np.broadcast_to(np.arange(n)[:, None] + 10000 * half + 100000 * (zlib.crc32(split.name.encode()) % 1000), keep.shape)[keep])
    return np.concatenate(X), np.concatenate(T).astype(bool), np.concatenate(S), np.concatenate(G)
data = {s: table(s) for s in [fit_split] + splits}
Xf, Tf, Sf, _ = data[fit_split]
print(f"fit on {fit_split.name}: {len(Tf)} (clip, class) pairs, {Tf.sum()} second sources")
def report(name, score_of):
    th = threshold_at_precision(score_of(fit_split)[None], Tf[None], 0.8)
    out = []
    for s in splits:
        sc, t = score_of(s), data[s][1]
        p, r, n = precision_recall_at(sc[None], t[None], th) if th is not None else (np.nan, 0.0, 0)
        out.append((r, p, auroc(sc, t)))
    print(f"{name:34s} " + "  ".join(f"{s.name}: {r:.3f} (P {p:.2f}, AUROC {a:.3f})" for s, (r, p, a) in zip(splits, out))
          + f"  mean recall {np.mean([o[0] for o in out]):.3f}", flush=True)
report("stored (heard and seen over prior)", lambda s: data[s][2])
sets = {"heard, seen": [0, 1], "heard, seen, priors": [0, 1, 2, 3], "+ ovr max": [0, 1, 2, 3, 4],
        "+ ovr per head": list(range(5 + len(HEADS))), "priors, ovr max, softmax": [0, 1, 2, 3, 4, 10, 11, 12],
        "priors, ovr max, ranks": [0, 1, 2, 3, 4, 13, 14], "everything": list(range(15))}
for name, cols in sets.items():
    for Cr in (0.1, 1.0):
        lr = LogisticRegression(C=Cr, max_iter=2000).fit(Xf[:, cols], Tf)
        report(f"{name}, C={Cr}", lambda s, lr=lr, cols=cols: lr.decision_function(data[s][0][:, cols]))
        if Cr == 1.0: print("   weights", np.round(lr.coef_[0], 2), "bias", round(float(lr.intercept_[0]), 2))
if os.environ.get("CV"):     # every split pooled, k-fold over clips' pairs (grouped by split half): a steadier comparison
    X = np.concatenate([data[s][0] for s in data]); T = np.concatenate([data[s][1] for s in data])
    S = np.concatenate([data[s][2] for s in data])
    k = int(os.environ["CV"])      # folds of whole clips: a clip's candidate classes stay together
    clips, inv = np.unique(np.concatenate([data[s][3] for s in data]), return_inverse=True)
    folds = (np.random.default_rng(0).permutation(len(clips)) % k)[inv]
    def cv(name, make):
        rs, ps = [], []
        for f in range(k):
            tr, te = folds != f, folds == f
            sc_tr, sc_te = make(tr, te)
            th = threshold_at_precision(sc_tr[None], T[tr][None], 0.8)
            p, r, _ = precision_recall_at(sc_te[None], T[te][None], th)
            rs.append(r); ps.append(p)
        print(f"CV {k}-fold {name:34s} recall {np.mean(rs):.3f} ± {np.std(rs) / np.sqrt(k):.3f} (folds "
              + " ".join(f"{r:.2f}" for r in rs) + f"), precision {np.nanmean(ps):.3f}", flush=True)
        return np.array(rs)
    base = cv("stored (heard and seen over prior)", lambda tr, te: (S[tr], S[te]))
    for name, cols in sets.items():
        for Cr in (0.1, 1.0):
            def make(tr, te, cols=cols, Cr=Cr):
                lr = LogisticRegression(C=Cr, max_iter=2000).fit(X[tr][:, cols], T[tr])
                return lr.decision_function(X[tr][:, cols]), lr.decision_function(X[te][:, cols])
            d = cv(f"{name}, C={Cr}", make) - base
            print(f"      paired difference {d.mean():+.3f} ± {d.std() / np.sqrt(len(d)):.3f}")
