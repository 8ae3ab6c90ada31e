"""Which step the instant head fuses on the slam and drum pairs' clips, against the step of the sound and the step where
the picture changes: is the instant head looking at the right moment?

    python .ci/experiments/slam_steps.py CHECKPOINT SPLIT
SPLIT: a specialisation split written by `bench synthav-eval` (its `test` half). Prints, per pair member, how many
clips have the (first) fused step within one step of the sound, else within one step of the picture's event, else
elsewhere.
"""
import sys, collections
from pathlib import Path
import torch
from avfusion_viz.train import load_model, _fusion_inputs
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
torch.set_num_threads(2)
ckpt, folder = sys.argv[1], Path(sys.argv[2])
model, classes = load_model(ckpt); model.eval(); c = model.config
ds = AVDataset(read_synthav(folder).split("test"), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
               unknown_labels="skip", cache=FeatureCache(folder / "cache"))
f = _fusion_inputs(model, ds, 32, False)                  # labelled clips only: every clip of a specialisation split
assert len(f["Y"]) == len(ds.samples), "a clip without a label was left out: rows and samples no longer line up"
with torch.no_grad(): o = model.fuse(f["A"], f["V"], f["O"], f["E"])
idx = o.instant_index[:, 0].numpy()
for pair in ("slam", "drum"):
    rows = collections.Counter()
    for i, s in enumerate(ds.samples):
        if not s.labels[0].startswith(pair): continue
        sc = s.extra["sidecar"]
        snd = sc["hit_steps"][0] if sc["hit_steps"] else -99
        seen = sc.get("visual_hit_times", sc["hit_times"])   # in-sync clips: the picture changes with the sound
        vis = int(round(seen[0] * c.n_steps / c.seconds)) if seen else -99
        k = int(idx[i])
        where = "sound" if abs(k - snd) <= 1 else "picture" if abs(k - vis) <= 1 else "other"
        rows[(s.labels[0], where)] += 1
    print(pair, dict(sorted(rows.items())))
