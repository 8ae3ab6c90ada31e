"""Grad-CAM of a sum of heads' label scores on the localization-classes design: does explaining several heads at once
point at the sounding object more often than one head's score?

    python .ci/experiments/gradcam_heads_sum.py CHECKPOINT FOLDER[:SPLIT] [HEADS ...]

FOLDER: a localization-classes split (validation seeds only; `gradcam_other_class.py` writes one). HEADS: heads joined
by "+", e.g. visual+continuous (default: continuous, visual+continuous, visual+onset+instant+continuous). Grad-CAM of
the sum of the heads' label logits at `video.layer2`, per frame with a visible sounding object: the pointing game,
scored as `localization.evaluate_localization` scores it.
"""
import sys, numpy as np, torch
from avfusion_viz.train import load_model
from avfusion_viz.localization import GradCAM, scoring_map, pointing_hit, _min_max
from _localization import batches
torch.set_num_threads(2)
model, classes = load_model(sys.argv[1]); model.eval()
c = model.config
combos = sys.argv[3:] or ["continuous", "visual+continuous", "visual+onset+instant+continuous"]
SIZE, LAYER = 224, "video.layer2"

class SumCAM(GradCAM):
    "Grad-CAM of the sum of several heads' scores of the target class."
    heads = ("continuous",)
    def _forward(self, frames, logmel, onsets):
        out = self.model(frames, logmel, onsets)
        t = self._target.to(frames.device)
        self._output, self._used_target = out, t
        return sum(out.logits[h].gather(1, t[:, None]) for h in self.heads)

hits = {k: [] for k in combos}
for batch, clip_boxes in batches(model, classes, sys.argv[2]):
    maps = {}
    with SumCAM(model, LAYER) as cam:
        for k in combos:
            cam.heads = tuple(k.split("+"))
            maps[k] = cam(batch.frames, batch.logmel, batch.onset_mask, head="continuous", target=batch.label).layer_maps
    for b, (boxes_k, _) in enumerate(clip_boxes):
        for f, boxes in enumerate(boxes_k):
            if boxes is None: continue
            for k, m in maps.items():
                T_l = m.shape[1]
                frame = m[b, min(f * T_l // c.n_frames, T_l - 1)].numpy()
                hits[k].append(pointing_hit(_min_max(scoring_map(frame, SIZE)), boxes, SIZE))
for k, v in hits.items(): print(f"{k:40s} pointing {np.mean(v):.3f}  ({len(v)} frames)", flush=True)
