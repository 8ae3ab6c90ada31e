"""Where the heads' mistakes go on the specialisation design's visual-only and audio-only classes.

    python .ci/experiments/specialisation_trio.py CHECKPOINT SPLIT [SPLIT ...]

SPLIT: a specialisation-design split written like `bench synthav-eval --data DIR --seed S` writes it (its test half
is scored, as `bench` scores it). The three visual-only classes share one sound and differ in look; the three
audio-only classes share one look and differ in sound. Per kind and head: top-1, and how many of its mistakes name a
class of the same three (which the shared sound or look could not rule out) or another class (which it could).
"""
import collections, sys, numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
from avfusion_viz.evaluate import predict
from avfusion_viz.synthav import SPECIALISATION_CLASSES
torch.set_num_threads(2)
model, classes = load_model(sys.argv[1]); c = model.config
for folder in map(Path, sys.argv[2:]):
    ds = AVDataset(read_synthav(folder).split("test"), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                   unknown_labels="skip", cache=FeatureCache(folder / "cache"))
    p = predict(model, ds, progress=False)
    d = np.array(p.designed_heads, dtype=object)
    print(f"== {folder} ({len(d)} test clips)")
    for kind in ("visual", "audio"):
        trio = {s.name for s in SPECIALISATION_CLASSES if s.head == kind}
        m = d == kind
        for h in p.heads:
            top = p.head(h)[m].argmax(1); wrong = top != p.labels[m]
            names = [classes[i] for i in top[wrong]]
            print(f"  {kind}-only classes ({m.sum()} clips), {h:10s} top-1 {1 - wrong.mean():.3f}; mistakes {wrong.sum():3d}, "
                  f"of them among the three {sum(n in trio for n in names):3d}; "
                  f"most named {dict(collections.Counter(names).most_common(3))}")
