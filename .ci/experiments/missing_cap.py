"""At most k missing-label proposals per clip: each clip's k best-scoring candidate classes keep their score (the
checkpoint's combiner over its label prior, the data set's classes, as `bench synthav-eval` scores), the others can no
longer be proposed (they stay in recall's count). The threshold is fitted on the calibration split, both halves, for
precision >= 0.8 (as `bench synthav-calibrate` fits it); recall and precision on the test halves of the other splits.
    python .ci/experiments/missing_cap.py CHECKPOINT CALIBRATION_SPLIT -- SPLIT [SPLIT ...]
"""
import sys, numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import FeatureCache, read_synthav
from avfusion_viz.interpret import (run_synthav, missing_label_truth, run_missing_scores, LabelPrior, MissingCombiner,
                                    cap_per_clip, _proposable_threshold)
from avfusion_viz.evaluate import precision_recall_at

torch.set_num_threads(2)
ck, rest = sys.argv[1], sys.argv[2:]
cal, tests = Path(rest[0]), [Path(p) for p in rest[rest.index("--") + 1:]]
model, classes = load_model(ck); model.eval()
data = load_checkpoint(ck).data
prior, comb = LabelPrior.from_dict(data["label_prior"]), MissingCombiner.from_dict(data["missing_combiner"])
def scored(folder, half):
    run = run_synthav(model, folder, half, classes=classes, cache=FeatureCache(folder / "cache"), progress=False)
    cand = [n for n in read_synthav(folder, sidecars=False).classes if n in classes]
    return run_missing_scores(run, "auto", cand, prior, comb)[0], missing_label_truth(run)[0]
def cap(s, k):                                     # the package's cap (interpret.cap_per_clip); None: none
    return s if k is None else cap_per_clip(s, k)
C = [scored(cal, h) for h in ("train", "test")]
T = {f.name: scored(f, "test") for f in tests}
for k in (None, 1, 2):
    s = np.concatenate([cap(a, k) for a, _ in C]); t = np.concatenate([b for _, b in C])
    th = _proposable_threshold(s, t, 0.8)
    p, r, n = precision_recall_at(s, t, th)
    row = [f"cap {k}: threshold {th:.3f} (calibration split: precision {p:.3f}, recall {r:.3f})"]
    rs, ps = [], []
    for name, (a, b) in T.items():
        p, r, n = precision_recall_at(cap(a, k), b, th); rs.append(r); ps.append(p)
        row.append(f"{name} {r:.3f} at {p:.3f} ({n} proposals)")
    print(" | ".join(row), f"| mean recall {np.mean(rs):.3f}, mean precision {np.mean(ps):.3f}", flush=True)
