"""Grad-CAM pointing by frame index on a claim design's held-out split: are the clip's first and last frames, whose
features mc3_18's zero padding in time dominates (`edge_steps.py`), pointed worse than the middle ones? Scored the way
`bench synthav-eval` scores the localization-classes design (its head, layers and window), and with each frame's own map.

    python .ci/experiments/gradcam_by_frame.py CHECKPOINT DATA SEED [DESIGN=localization-classes] [CLIPS=480]

DATA/DESIGN_seedSEED is written by `bench synthav-eval --data DATA --seed SEED --clips CLIPS --designs DESIGN` (or here).
"""
import sys, types
import numpy as np, torch
from pathlib import Path
from avfusion_viz.bench import _design_split, classes_gradcam_head
from avfusion_viz.data import FeatureCache
from avfusion_viz.localization import evaluate_localization
from avfusion_viz.train import load_model

torch.set_num_threads(2)
ckpt, data, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
design = sys.argv[4] if len(sys.argv) > 4 else "localization-classes"
clips = int(sys.argv[5]) if len(sys.argv) > 5 else 480
model, classes = load_model(ckpt)
model.eval()
folder = _design_split(data, design, clips, seed, model.config, classes, True)
head = classes_gradcam_head(model) if design == "localization-classes" else "visual"
layer = "video.layer1+video.layer2" if design == "localization-classes" else "video.layer2"
T = model.config.n_frames
for window in (5, 0):
    t = evaluate_localization(model, folder, split="test", classes=classes, head=head, layer=layer, control_head=None,
                              window=window, cache=FeatureCache(folder / "cache"))
    hit, k = t.hits["gradcam"], t.frames
    by = [hit[k == i].mean() if (k == i).any() else np.nan for i in range(T)]
    n = [(k == i).sum() for i in range(T)]
    mid = (k >= 3) & (k < T - 3)
    print(f"{design} seed {seed}, {head} head at {layer}, window ± {window}: pointing {hit.mean():.3f} over {len(hit)} "
          f"frames; frames 3..{T - 4} {hit[mid].mean():.3f}, the 3 at each end {hit[~mid].mean():.3f}; motion map "
          f"{t.hits['motion'].mean():.3f}, centre {t.hits['centre'].mean():.3f}")
    print("  by frame: " + " ".join(f"{i}:{b:.2f}({m})" for i, (b, m) in enumerate(zip(by, n))))
