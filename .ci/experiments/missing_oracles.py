"""Which side of heard-and-seen loses the missing labels? The committed model's missing-label scores (heard over its
label prior × seen over its prior, the data set's classes) on a validation split's two halves, beside the same with
one factor replaced by the truth: heard exact (1 on every class truly audible in the clip, 0 elsewhere), heard of every
truly audible class raised to at least 0.9 (the rest as the model says), and the same two for seen; and each factor
alone. Threshold for precision ≥ 0.8 on one half, recall and precision on the other, both ways. Last, the second
sources split by their class's event type (SynthAV's CLASS_BY_NAME): how many are heard / seen at p < 0.5.
    python .ci/experiments/missing_oracles.py SPLIT [CHECKPOINT]
SPLIT: e.g. DIR/missing-labels_seed6 of `bench synthav-eval --data DIR --seed 6 --clips 480`.
"""
import sys
import numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import FeatureCache, read_synthav
from avfusion_viz.interpret import run_synthav, missing_label_truth, LabelPrior, _class_matrix
from avfusion_viz.synthav import CLASS_BY_NAME
from _both_ways import both_ways
torch.set_num_threads(2)
split = Path(sys.argv[1]); ck = sys.argv[2] if len(sys.argv) > 2 else "data_samples/reference/reference.pt"
model, classes = load_model(ck); prior = LabelPrior.from_dict(load_checkpoint(ck).data["label_prior"])
cands = np.isin(classes, read_synthav(split).classes)[None]
def role(run, r): return _class_matrix(run, lambda s: [d["label"] for d in s.get("distractors") or [] if d.get("role") == r])
kind = {n: c.event_type for n, c in CLASS_BY_NAME.items()}
scores, truth, counts, by_kind = {}, {}, [], {}
for h in ("train", "test"):
    run = run_synthav(model, split, h, classes=classes, cache=FeatureCache(split / "cache"), progress=False)
    sec, _ = missing_label_truth(run)
    aud, vis = role(run, "audio distractor") | sec, role(run, "visual distractor") | sec
    H, S, y = run.audio_presence.max(1), run.visual_presence.max(1), run.labels
    def sc(hh, ss):
        x = hh / (prior.heard[y] + prior.eps) * ss / (prior.seen[y] + prior.eps)
        x[np.arange(len(y)), y] = -np.inf
        return np.where(cands, x, -np.inf)
    ways = {"model": sc(H, S), "heard exact": sc(aud.astype(float), S), "heard ≥ 0.9 where audible": sc(np.where(aud, np.maximum(H, 0.9), H), S),
            "seen exact": sc(H, vis.astype(float)), "seen ≥ 0.9 where visible": sc(H, np.where(vis, np.maximum(S, 0.9), S)),
            "heard alone": sc(H, np.ones_like(S)), "seen alone": sc(np.ones_like(H), S)}
    for k, v in ways.items(): scores.setdefault(k, {})[h] = v
    truth[h] = sec
    counts.append((int(sec.sum()), int((H[sec] < 0.5).sum()), int((S[sec] < 0.5).sum())))
    for i, c in zip(*np.nonzero(sec)):
        by_kind.setdefault(kind.get(classes[c], "?"), []).append((H[i, c] < 0.5, S[i, c] < 0.5))
n, h_low, s_low = map(sum, zip(*counts))
print(f"{n} second sources: heard p < 0.5 on {h_low}, seen p < 0.5 on {s_low}")
for k, s in scores.items():
    out = [f"{a}→{b} recall {r:.3f} (P {p:.2f})" for (a, b), (r, p, _, _) in zip((("train", "test"), ("test", "train")), both_ways(s, truth))]
    print(f"{k:28s}", " | ".join(out), flush=True)
for k, v in sorted(by_kind.items()):
    v = np.asarray(v)
    print(f"second sources of {k} classes: {len(v)}, heard p < 0.5 on {int(v[:, 0].sum())}, seen p < 0.5 on {int(v[:, 1].sum())}")
