"""Missing labels divided by a label prior (interpret.LabelPrior): choose its eps on validation, or store it in a checkpoint.

    python .ci/experiments/label_prior.py choose CHECKPOINT REFERENCE_OUT SPLIT [SPLIT ...]
    python .ci/experiments/label_prior.py write CHECKPOINT REFERENCE_OUT EPS OUT.pt

REFERENCE_OUT: the folder train_reference wrote (data/, cache/); the prior is fitted on its `train` split (the clips the
readouts were fitted on). SPLIT: validation missing-labels splits written like `bench synthav-eval --data DIR --seed 6
--clips 480` writes them (halves `train`, `test`). `choose` prints, per split and eps, missing-label recall at precision
≥ 0.8 among the data set's classes (threshold from one half applied to the other, both ways) and the AUROC, beside the
plain heard-and-seen score and the first form we tried, the product divided by the product's own prior
(heard × seen / (mean over the label's training clips of heard × seen + 0.01)), and the mean over the splits. `write` copies CHECKPOINT with Checkpoint.data["label_prior"] (and the recipe's
label_prior_eps) set, everything else unchanged.
"""
import sys, numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model, load_checkpoint, save_checkpoint
from avfusion_viz.data import FeatureCache, read_synthav
from avfusion_viz.interpret import run_synthav, missing_label_eval, fit_label_prior, missing_label_truth, _label_means
from avfusion_viz.evaluate import missing_label_scores
from _both_ways import both_ways
torch.set_num_threads(2)
what, ckpt, ref = sys.argv[1], sys.argv[2], Path(sys.argv[3])
model, classes = load_model(ckpt)
train = run_synthav(model, ref / "data", "train", classes=classes, cache=FeatureCache(ref / "cache"), progress=False)
if what == "write":
    eps, out = float(sys.argv[4]), Path(sys.argv[5])
    ck = load_checkpoint(ckpt)
    prior = fit_label_prior(train, eps)
    ck.data = dict(ck.data or {}, label_prior=prior.to_dict())
    ck.data["settings"] = dict(ck.data.get("settings") or {}, label_prior_eps=eps)
    save_checkpoint(out, ck)
    print(f"wrote {out}: label prior of {len(train)} training clips, eps {eps}")
    sys.exit()
C = len(classes)
both_tr = train.audio_presence.max(1) * train.visual_presence.max(1)
joint = _label_means(np.asarray(train.labels), both_tr, C)
def joint_eval(a, b, cand):   # the product over the product's prior, threshold from a applied to b
    S = {}
    for k, r in (("a", a), ("b", b)):
        s = missing_label_scores((r.audio_presence.max(1) * r.visual_presence.max(1) / (joint[r.labels] + 0.01))[:, None], r.labels)
        s[:, ~np.isin(classes, cand)] = -np.inf; S[k] = s
    rc, p, _, u = both_ways({"train": S["a"], "test": S["b"]},
                            {"train": missing_label_truth(a)[0], "test": missing_label_truth(b)[0]})[0]
    return rc, p, u
means = {}
for split in map(Path, sys.argv[4:]):
    runs = {h: run_synthav(model, split, h, classes=classes, cache=FeatureCache(split / "cache"), progress=False)
            for h in ("train", "test")}
    cand = read_synthav(split).classes
    for name in ("plain", "joint 0.01", "eps 0.03", "eps 0.1", "eps 0.3"):
        ways = (("train", "test"), ("test", "train"))
        if name == "joint 0.01": r = [joint_eval(runs[a], runs[b], cand) for a, b in ways]
        else:
            prior = None if name == "plain" else fit_label_prior(train, float(name.split()[1]))
            r = [(x.recall, x.precision, x.auroc) for x in
                 (missing_label_eval(runs[a], runs[b], candidates=cand, prior=prior) for a, b in ways)]
        means.setdefault(name, []).append(np.mean(r, 0))
        print(f"{Path(ckpt).name:14s} {split.name:24s} {name:10s} recall "
              + " / ".join(f"{x[0]:.3f} (P {x[1]:.2f})" for x in r)
              + f"  mean {np.mean([x[0] for x in r]):.3f}  AUROC {np.mean([x[2] for x in r]):.3f}", flush=True)
for name, v in means.items():
    v = np.array(v); print(f"{Path(ckpt).name:14s} {name:10s} mean recall over the splits {v[:, 0].mean():.3f}, AUROC {v[:, 2].mean():.3f}")
