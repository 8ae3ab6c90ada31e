"""What the missing-label proposals that are wrong are, at the checkpoint's stored threshold (combiner over the label
prior, the data set's classes, at most as many proposals per clip as the threshold was fitted with: as `bench
synthav-eval` scores): on a validation split of the missing-labels design, both halves. (Its README row was measured on
the committed model before the cap: threshold −0.191, no cap; `git show d84bad8~1:data_samples/reference/reference.pt`.) Each wrong proposal (clip, class) is put in the first kind that fits:
  distractor, seen not heard  – the class is a silent visible object of the clip
  distractor, heard not seen  – the class is an off-screen sound of the clip
  misnamed second source      – the clip has a second source, not found, and the class is proposed instead
  beside a found second source – the clip's second source is proposed too
  no second source            – the clip has only its label (and perhaps distractors of other classes)
and, for the last three, whether the class shares the label's or the second source's event type. Also the missed second
sources: how many are in clips that got a wrong proposal instead.
    python .ci/experiments/missing_false.py CHECKPOINT SPLIT [SPLIT ...]
"""
import sys, collections, numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import FeatureCache, read_synthav
from avfusion_viz.interpret import (run_synthav, missing_label_truth, run_missing_scores, LabelPrior, MissingCombiner,
                                    MissingThreshold, _class_matrix)
from avfusion_viz.synthav import CLASS_SETS

torch.set_num_threads(2)
ck = sys.argv[1]
model, classes = load_model(ck); model.eval()
data = load_checkpoint(ck).data
prior, comb = LabelPrior.from_dict(data["label_prior"]), MissingCombiner.from_dict(data["missing_combiner"])
mt = MissingThreshold.from_dict(data["missing_threshold"])
th = mt.threshold
etype = {c.name: c.event_type for cs in CLASS_SETS.values() for c in cs}
kinds, pairs, missed_with_wrong, missed = collections.Counter(), collections.Counter(), 0, 0
tp = fp = pos = 0
for folder in map(Path, sys.argv[2:]):
    cand = [n for n in read_synthav(folder, sidecars=False).classes if n in classes]
    for half in ("train", "test"):
        run = run_synthav(model, folder, half, classes=classes, cache=FeatureCache(folder / "cache"), progress=False)
        s, _ = run_missing_scores(run, "auto", cand, prior, comb, mt.per_clip)
        sec, dis = missing_label_truth(run)
        seen_only = _class_matrix(run, lambda sd: [d["label"] for d in sd.get("distractors") or [] if d.get("role") != "audio distractor"])
        heard_only = _class_matrix(run, lambda sd: [d["label"] for d in sd.get("distractors") or [] if d.get("role") == "audio distractor"])
        prop = np.isfinite(s) & (s >= th)                  # a capped-out class (UNPROPOSED) is below any threshold
        tp += int((prop & sec).sum()); fp += int((prop & ~sec).sum()); pos += int(sec.sum())
        for i, c in zip(*np.nonzero(prop & ~sec)):
            name, lab = classes[c], classes[run.labels[i]]
            if seen_only[i, c]: k = "distractor, seen not heard"
            elif heard_only[i, c]: k = "distractor, heard not seen"
            elif sec[i].any() and not (prop[i] & sec[i]).any(): k = "misnamed second source"
            elif sec[i].any(): k = "beside a found second source"
            else: k = "no second source"
            kinds[k] += 1
            if k not in ("distractor, seen not heard", "distractor, heard not seen"):
                other = classes[np.nonzero(sec[i])[0][0]] if sec[i].any() else None
                pairs[(k, "same type as the label" if etype.get(name) == etype.get(lab) else "other type than the label")] += 1
        for i in np.nonzero(sec.any(1))[0]:
            if not (prop[i] & sec[i]).any():
                missed += 1; missed_with_wrong += int((prop[i] & ~sec[i]).any())
print(f"threshold {th:.3f}: {tp + fp} proposals, {tp} right (precision {tp / max(tp + fp, 1):.3f}), recall {tp / max(pos, 1):.3f} of {pos}")
for k, n in kinds.most_common(): print(f"  {k:32s} {n:4d} ({n / max(fp, 1):.0%} of wrong proposals)")
for k, n in sorted(pairs.items()): print("   ", k, n)
print(f"missed second sources {missed}; of them in a clip that got a wrong proposal instead: {missed_with_wrong}")
