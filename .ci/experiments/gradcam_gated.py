"""Grad-CAM gated by the sync map: "where the label's class is" × "what moves with the sound".

    python .ci/experiments/gradcam_gated.py CHECKPOINT FOLDER [FOLDER ...]

FOLDER: the localization or localization-classes design's split as `bench synthav-eval --data DIR --seed S --clips N`
writes it (validation seeds only); its test half is scored, every frame with a visible sounding object.

On the twin design a class's Grad-CAM finds both twins and cannot say which one sounds (`gradcam_clip.py`); the sync
map (notebook 08) follows the sound's timing but not the class. On the localization-classes design Grad-CAM finds the
class and the sync map should drop the other class's silent object and the background. Maps, each scored as `bench`
scores them (224 px, pointing game, silent-twin share, cIoU by the median rule):

- G: Grad-CAM of the visual head, the label's class, `layer1` + `layer2`, ± 5 frames (`bench`'s map among other classes);
- G2: the visual head at `layer2`, each frame's own map (`bench`'s map on the twin design);
- S: the checkpoint's sync map (± 5 frames, as G);
- G × S and (G + S) / 2, of the min-max normalised scoring maps.
"""
import sys, numpy as np, torch
from pathlib import Path
from avfusion_viz.data import AVDataset, av_loader, read_synthav, FeatureCache
from avfusion_viz.localization import (SyncMap, sync_maps, gradcam_blocks, window_maps, scoring_map, _min_max,
                                       pointing_hit, twin_share, binarize_map, mask_iou, box_mask,
                                       synthav_frame_boxes, synthav_twin_boxes)
from avfusion_viz.train import load_model, load_checkpoint

torch.set_num_threads(2)
ckpt = sys.argv[1]
model, classes = load_model(ckpt); model.eval()
c = model.config
sync = SyncMap.from_dict(load_checkpoint(ckpt).data["sync_map"], where=ckpt)
SIZE, W = 224, 5
for folder in map(Path, sys.argv[2:]):
    index = read_synthav(folder, split="test")
    ds = AVDataset(index, seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes, cache=FeatureCache(folder / "cache"))
    by_file = {s.file: s for s in index.samples}
    hits, shares, ious = {}, {}, {}
    add = lambda d, k, v: d.setdefault(k, []).append(v)
    for batch in av_loader(ds, batch_size=4):
        if not len(batch): continue
        g = window_maps(gradcam_blocks(model, batch.frames, batch.logmel, batch.onset_mask, "visual", batch.label,
                                       "video.layer1+video.layer2")[0], W)
        g2 = gradcam_blocks(model, batch.frames, batch.logmel, batch.onset_mask, "visual", batch.label, "video.layer2")[0]
        s = window_maps(sync_maps(model, sync, batch.frames, batch.logmel, batch.onset_mask, batch.onset_envelope), W)
        for b, file in enumerate(batch.files):
            side = by_file[file].extra["sidecar"]
            per_frame = synthav_frame_boxes(side, c.n_frames, c.fps, by_file[file].file_start)
            twins = synthav_twin_boxes(side, c.n_frames, c.fps, by_file[file].file_start)
            for k, boxes in enumerate(per_frame):
                if boxes is None: continue
                G, G2, S = (_min_max(scoring_map(m[b, k], SIZE)) for m in (g, g2, s))
                maps = {"G (layers 1+2, ±5)": G, "G2 (layer 2, own frame)": G2, "S (sync map)": S,
                        "G × S": G * S, "(G + S) / 2": (G + S) / 2}
                gt = box_mask(boxes, SIZE)
                for name, m in maps.items():
                    add(hits, name, pointing_hit(m, boxes, SIZE))
                    add(ious, name, mask_iou(binarize_map(m, SIZE), gt) >= 0.5)
                    if twins[k] is not None: add(shares, name, twin_share(m, boxes, twins[k], SIZE))
    n = len(next(iter(hits.values())))
    print(f"\n== {folder}: {n} frames", flush=True)
    for name in hits:
        sh = np.asarray(shares.get(name, [np.nan]), float); sh = sh[np.isfinite(sh)]
        tw = f"  twin {np.mean(sh > 0.5) + 0.5 * np.mean(sh == 0.5):.3f}" if len(sh) else ""
        print(f"{name:26s} pointing {np.mean(hits[name]):.3f}  cIoU {np.mean(ious[name]):.3f}" + tw, flush=True)
