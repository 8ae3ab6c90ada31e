"""Grad-CAM maps of several heads or blocks blended per frame (mean or product of the min-max normalised maps) on the
localization-classes design: do two maps that both find the class agree on the object and disagree on the background?

    python .ci/experiments/gradcam_blend.py CHECKPOINT FOLDER[:SPLIT]

FOLDER: a localization-classes split (validation seeds only). Maps: Grad-CAM of the label score of the continuous
head at `layer1` and `layer2` and of the visual head at `layer2`, each upsampled and min-max normalised per frame as
`localization.evaluate_localization` scores them; the pointing game of each and of their means and products.
"""
import sys, numpy as np, torch
from avfusion_viz.train import load_model
from avfusion_viz.localization import GradCAM, scoring_map, pointing_hit, _min_max
from _localization import batches
torch.set_num_threads(2)
model, classes = load_model(sys.argv[1]); model.eval()
c = model.config
SIZE = 224
PAIRS = {"c1": ("continuous", "video.layer1"), "c2": ("continuous", "video.layer2"), "v2": ("visual", "video.layer2")}
BLENDS = {"c1": ("c1",), "c2": ("c2",), "v2": ("v2",), "mean c1 c2": ("c1", "c2"), "mean c2 v2": ("c2", "v2"),
          "mean c1 c2 v2": ("c1", "c2", "v2")}
hits = {}
for batch, clip_boxes in batches(model, classes, sys.argv[2]):
    cams = {}
    for name, (head, layer) in PAIRS.items():
        with GradCAM(model, layer) as cam:
            cams[name] = cam(batch.frames, batch.logmel, batch.onset_mask, head=head, target=batch.label).layer_maps
    for b, (boxes_k, _) in enumerate(clip_boxes):
        for f, boxes in enumerate(boxes_k):
            if boxes is None: continue
            m = {}
            for name, lm in cams.items():
                T_l = lm.shape[1]
                m[name] = _min_max(scoring_map(lm[b, min(f * T_l // c.n_frames, T_l - 1)].numpy(), SIZE))
            for key, parts in BLENDS.items():
                if len(parts) == 1: hits.setdefault(key, []).append(pointing_hit(m[key], boxes, SIZE)); continue
                hits.setdefault(key, []).append(pointing_hit(np.mean([m[p] for p in parts], 0), boxes, SIZE))
                prod_key = key.replace("mean", "product")
                hits.setdefault(prod_key, []).append(pointing_hit(np.prod([m[p] for p in parts], 0), boxes, SIZE))
for k, v in hits.items(): print(f"{k:24s} pointing {np.mean(v):.3f}  ({len(v)} frames)", flush=True)
