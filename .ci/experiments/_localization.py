"""Shared by the Grad-CAM experiments here: the clips of a localization-design split with their boxes, and the summary."""
import numpy as np
from pathlib import Path
from avfusion_viz.data import AVDataset, av_loader, read_synthav, FeatureCache
from avfusion_viz.localization import synthav_frame_boxes, synthav_twin_boxes

def batches(model, classes, arg: str, batch_size: int = 4):
    "FOLDER[:SPLIT] (SPLIT: test, train or all): per batch, the batch and per clip (label boxes, twin boxes) per model frame."
    folder, _, split = arg.partition(":")
    index = read_synthav(folder, split=None if split in ("", "all") else split)
    c = model.config
    ds = AVDataset(index, seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                   cache=FeatureCache(Path(folder) / "cache"))
    by_file = {s.file: s for s in index.samples}
    for batch in av_loader(ds, batch_size=batch_size):
        if not len(batch): continue
        boxes = []
        for file in batch.files:
            s = by_file[file]; side = s.extra["sidecar"]
            boxes.append((synthav_frame_boxes(side, c.n_frames, c.fps, s.file_start),
                          synthav_twin_boxes(side, c.n_frames, c.fps, s.file_start)))
        yield batch, boxes

def report(arg: str, hits: dict, shares: dict, first: str, extra=None):
    "One line per map: pointing, silent-twin score (ties ½), and a per-map note from `extra` (name → text)."
    print(f"\n== {arg}: {len(hits[first])} frames")
    for name in hits:
        sh = np.asarray(shares.get(name, [np.nan]), float); sh = sh[np.isfinite(sh)]
        print(f"{name:36s} pointing {np.mean(hits[name]):.3f}  twin {np.mean(sh > 0.5) + 0.5 * np.mean(sh == 0.5):.3f}"
              + (extra or {}).get(name, ""), flush=True)
