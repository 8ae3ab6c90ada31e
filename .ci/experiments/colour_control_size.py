"""The visual head's control, the colour-histogram classifier, fitted on more or fewer clips: is the visual head's bar
(top-1 ≥ control + 0.10) met only because the control is starved?

    python .ci/experiments/colour_control_size.py CKPT REF_DATA EVAL_ROOT SEED [SEED ...]

For each claim-design split EVAL_ROOT/<design>_seed<SEED> (as `bench synthav-eval` writes them) it scores on the
test halves: the visual head; the control fitted on the designs' other halves (what `bench synthav-eval` reports);
and the control fitted on the reference design's training split REF_DATA (the clips the model itself learnt from,
all 24 classes), then on both together."""
import sys
from pathlib import Path
import numpy as np
import torch
from avfusion_viz.train import load_model
from avfusion_viz.data import AVDataset, FeatureCache, read_synthav
from avfusion_viz.evaluate import predict, dataset_colour_histograms, colour_histogram_control
from avfusion_viz.bench import CLAIM_DESIGNS
torch.set_num_threads(2)
ckpt, ref, root, seeds = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), [int(s) for s in sys.argv[4:]]
model, classes = load_model(ckpt)
c = model.config
kw = dict(seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes, unknown_labels="skip")
ref_train = AVDataset(read_synthav(ref).split("train"), **kw)
xr, yr, _ = dataset_colour_histograms(ref_train)
print(f"reference design training split: {len(yr)} clips")
for seed in seeds:
    xo, yo, xt, yt, hits = [], [], [], [], []
    for d in CLAIM_DESIGNS:
        f = root / f"{d}_seed{seed}"
        if not f.is_dir(): print(f"{f}: missing; run bench synthav-eval --seed {seed} first"); continue
        index = read_synthav(f)
        ds = {s: AVDataset(index.split(s), **kw, cache=FeatureCache(f / "cache")) for s in ("train", "test")}
        a, b, _ = dataset_colour_histograms(ds["train"]); xo.append(a); yo.append(b)
        a, b, _ = dataset_colour_histograms(ds["test"]); xt.append(a); yt.append(b)
        p = predict(model, ds["test"], progress=False)
        hits.append(p.head("visual").argmax(1) == p.labels)
    xo, yo, xt, yt = map(np.concatenate, (xo, yo, xt, yt))
    head = float(np.concatenate(hits).mean())
    rows = {"designs' other halves (bench)": (xo, yo), "reference training split": (xr, yr),
            "both": (np.concatenate([xo, xr]), np.concatenate([yo, yr]))}
    print(f"seed {seed}: {len(yt)} test clips; visual head top-1 {head:.3f}")
    for name, (x, y) in rows.items():
        col = colour_histogram_control(x, y, xt, yt)
        print(f"  control fitted on {name:<32} {len(y):>5} clips: top-1 {col.accuracy:.3f} → bar {col.accuracy + 0.1:.3f}: "
              f"{'met' if head >= col.accuracy + 0.1 else 'missed'}")
