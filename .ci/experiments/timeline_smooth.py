"""How wide a moving average should the presence timelines be read through? (`interpret.smooth_timeline`)

Runs a checkpoint over a SynthAV timeline split and prints the per-clip AUROC of the audio and visual presence curves
read through centred moving averages of 0…2.1 s (and, for comparison, median filters of the same widths), the
argmax per curve, and each curve's mean value around the truth's onsets and offsets (why smoothing helps: a head
trained from clip labels marks an event's core and rises late / falls early at its edges). Choose on validation
splits only: the timeline design's validation seed (`bench synthav-eval --data DIR --seed 6 --clips 480` writes
`DIR/timeline_seed6`) or the reference set's own `val` split.

    python .ci/experiments/timeline_smooth.py SPLIT_FOLDER [SPLIT=test] [CHECKPOINT=data_samples/reference/reference.pt]
"""
import sys
from pathlib import Path
import numpy as np, torch
from scipy.ndimage import median_filter
from avfusion_viz.train import load_model
from avfusion_viz.data import FeatureCache
from avfusion_viz.interpret import run_synthav, run_truths, score_timeline, _timeline_scores, smooth_timeline

torch.set_num_threads(2)
folder = Path(sys.argv[1]); split = sys.argv[2] if len(sys.argv) > 2 else "test"
ckpt = sys.argv[3] if len(sys.argv) > 3 else "data_samples/reference/reference.pt"
cache = Path(sys.argv[4]) if len(sys.argv) > 4 else folder / "cache"
model, classes = load_model(ckpt)
run = run_synthav(model, folder, split=split, classes=classes, cache=FeatureCache(cache), progress=True)
truths = run_truths(run)
raw = _timeline_scores(run, "label", "presence", smooth=None)       # the curves as the heads compute them
print(f"{ckpt} on {folder} ({split}): {len(run)} clips, {run.audio_conf.shape[1]} steps of 0.1 s, {run.fps} frames/s")
for name in ("audio", "visual"):
    x = np.asarray(raw[name])
    rows = []
    for w in (0, 0.3, 0.5, 0.7, 0.9, 1.1, 1.5, 2.1):
        mean = score_timeline(name, list(smooth_timeline(x, w)), truths).per_clip
        med = score_timeline(name, list(median_filter(x, size=(1, max(1, round(w * 10))), mode="nearest")), truths).per_clip
        rows.append((w, mean, med))
    best = max(rows, key=lambda r: r[1])
    print(f"\n{name}: per-clip AUROC by window (s): " + "; ".join(f"{w:g} s mean {m:.3f} median {d:.3f}" for w, m, d in rows))
    print(f"{name}: best moving average {best[0]:g} s ({best[1]:.3f}; none: {rows[0][1]:.3f})")
    for edge, step in (("onsets", 1), ("offsets", -1)):
        around = [x[i, k - 6:k + 7] for i, t in enumerate(truths)
                  for k in np.flatnonzero(np.diff(getattr(t, name).astype(int)) == step) + 1 if 6 <= k <= x.shape[1] - 7]
        if around: print(f"{name}: mean presence around the truth's {edge} (steps -6…+6, {len(around)} {edge}): "
                         + " ".join(f"{v:.2f}" for v in np.mean(around, 0)))
