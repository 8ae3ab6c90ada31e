"""Missing labels divided by a label prior (interpret.LabelPrior): choose its eps on validation, or store it in a checkpoint.

    python .ci/experiments/label_prior.py choose CHECKPOINT REFERENCE_OUT SPLIT [SPLIT ...]
    python .ci/experiments/label_prior.py write CHECKPOINT REFERENCE_OUT EPS OUT.pt

REFERENCE_OUT: the folder train_reference wrote (data/, cache/); the prior is fitted on its `train` split (the clips the
readouts were fitted on). SPLIT: validation missing-labels splits written like `bench synthav-eval --data DIR --seed 6
--clips 480` writes them (halves `train`, `test`). `choose` prints, per split and eps, missing-label recall at precision
≥ 0.8 among the data set's classes (threshold from one half applied to the other, both ways) and the AUROC, beside the
plain heard-and-seen score. `write` copies CHECKPOINT with Checkpoint.data["label_prior"] (and the recipe's
label_prior_eps) set, everything else unchanged.
"""
import sys, numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model, load_checkpoint, save_checkpoint
from avfusion_viz.data import FeatureCache, read_synthav
from avfusion_viz.interpret import run_synthav, missing_label_eval, fit_label_prior
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
for split in map(Path, sys.argv[4:]):
    runs = {h: run_synthav(model, split, h, classes=classes, cache=FeatureCache(split / "cache"), progress=False)
            for h in ("train", "test")}
    cand = read_synthav(split).classes
    for eps in (None, 0.003, 0.01, 0.03, 0.1):
        prior = None if eps is None else fit_label_prior(train, eps)
        r = [missing_label_eval(runs[a], runs[b], candidates=cand, prior=prior) for a, b in (("train", "test"), ("test", "train"))]
        print(f"{Path(ckpt).name:14s} {split.name:24s} {'plain' if eps is None else f'eps {eps}':10s} recall "
              + " / ".join(f"{x.recall:.3f} (P {x.precision:.2f})" for x in r)
              + f"  mean {np.mean([x.recall for x in r]):.3f}  AUROC {np.mean([x.auroc for x in r]):.3f}", flush=True)
