"""Grad-CAM's per-frame maps averaged over neighbouring frames on the localization-classes design: the objects stay in
place over a clip, the background's stray peaks do not. Does a window of frames lift the pointing game?

    python .ci/experiments/gradcam_window.py CHECKPOINT FOLDER[:SPLIT] [HEAD] [LAYER]

FOLDER: a localization-classes split (validation seeds only). The map is `localization.gradcam_blocks` of the label
score (default: the continuous head, `video.layer1+video.layer2`, what `bench synthav-eval` scores), each frame divided
by its maximum, then averaged over the frames k - w … k + w of its clip (cut at the clip's ends; "all": the whole
clip). The motion map (the control) is averaged the same way. Pointing game per window, on every frame with its box.
"""
import sys, numpy as np, torch
from avfusion_viz.train import load_model
from avfusion_viz.localization import gradcam_blocks, motion_map, scoring_map, pointing_hit
from _localization import batches
torch.set_num_threads(2)
model, classes = load_model(sys.argv[1]); model.eval()
head = sys.argv[3] if len(sys.argv) > 3 else "continuous"
layer = sys.argv[4] if len(sys.argv) > 4 else "video.layer1+video.layer2"
SIZE, WINDOWS = 224, (0, 1, 2, 3, 5, 8, "all")

def windowed(maps: torch.Tensor, w) -> torch.Tensor:   # (T, H, W) → (T, H, W): each frame the mean of its window
    maps = maps / maps.amax(dim=(-2, -1), keepdim=True).clamp_min(1e-12)
    T = maps.shape[0]
    if w == "all": return maps.mean(0, keepdim=True).expand_as(maps)
    c = torch.cat([torch.zeros_like(maps[:1]), maps.cumsum(0)])
    lo = torch.arange(T).sub(w).clamp_min(0); hi = torch.arange(T).add(w + 1).clamp_max(T)
    return (c[hi] - c[lo]) / (hi - lo).view(-1, 1, 1).float()

hits = {}
for batch, clip_boxes in batches(model, classes, sys.argv[2]):
    cams = gradcam_blocks(model, batch.frames, batch.logmel, batch.onset_mask, head, batch.label, layer)[0].detach()
    motion = motion_map(batch.frames)
    for b, (boxes_k, _) in enumerate(clip_boxes):
        for name, src in (("gradcam", cams[b]), ("motion", motion[b])):
            for w in WINDOWS:
                m = windowed(src.float(), w)
                for f, boxes in enumerate(boxes_k):
                    if boxes is None: continue
                    hits.setdefault(f"{name} w={w}", []).append(pointing_hit(scoring_map(m[f].numpy(), SIZE), boxes, SIZE))
print(f"{sys.argv[2]}: {head} {layer}")
for k, v in hits.items(): print(f"{k:18s} pointing {np.mean(v):.3f}  ({len(v)} frames)", flush=True)
