"""The sync map with each cell's correlation weighted by how much its events vary: pointing and silent twin.

    python .ci/experiments/sync_gate.py CHECKPOINT FOLDER[:SPLIT] [FOLDER[:SPLIT] ...]   (env GATES="0 0.25 0.5 1 1.5 2 3")

FOLDER: a localization-design split written like `bench synthav-eval --data DIR --seed S` writes it (validation seeds
only; SPLIT: "test", "train" or "all"). For every frame with a visible sounding object: the pointing game, how often the
peak falls on either twin, and the silent-twin score of the checkpoint's sync map read with `SyncMap.gate` = γ for each
γ in GATES (0: the plain correlation; the map itself, its detectors and its sound signals, is the checkpoint's).
"""
import os, sys, numpy as np, torch
from pathlib import Path
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import AVDataset, av_loader, read_synthav, FeatureCache
from avfusion_viz.localization import (SyncMap, _block_map, sync_sounds, synthav_frame_boxes, synthav_twin_boxes,
                                       pointing_hit, twin_share, twin_wins, scoring_map)
torch.set_num_threads(2)
ckpt = sys.argv[1]
model, classes = load_model(ckpt); model.eval(); c = model.config
sync = SyncMap.from_dict(load_checkpoint(ckpt).data["sync_map"], where=ckpt)
GATES = [float(g) for g in os.environ.get("GATES", "0 0.25 0.5 1 1.5 2 3").split()]
for arg in sys.argv[2:]:
    folder, _, split = arg.partition(":")
    index = read_synthav(folder, split=None if split in ("", "all") else split)
    ds = AVDataset(index, seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes, cache=FeatureCache(Path(folder) / "cache"))
    by = {s.file: s for s in index.samples}
    res = {g: ([], [], []) for g in GATES}
    for batch in av_loader(ds, batch_size=8):
        fmap = _block_map(model, sync.layer, batch.frames, batch.logmel, batch.onset_mask)
        sounds = sync_sounds(sync.sound, batch.onset_envelope, batch.logmel, fmap.shape[2])
        maps = {}
        with torch.no_grad():
            for g in GATES:
                sync.gate = g; maps[g] = sync(fmap, sounds)                   # (B, h, w) at the block's cells
        for b, f in enumerate(batch.files):
            s = by[f]; side = s.extra["sidecar"]
            bk = synthav_frame_boxes(side, c.n_frames, c.fps, s.file_start)
            tk = synthav_twin_boxes(side, c.n_frames, c.fps, s.file_start)
            for g in GATES:
                x = scoring_map(maps[g][b].numpy(), 224)
                hits, either, shares = res[g]
                for box, twin in zip(bk, tk):
                    if box is None: continue
                    hits.append(pointing_hit(x, box, 224))
                    if twin is not None: either.append(pointing_hit(x, box + twin, 224)); shares.append(twin_share(x, box, twin, 224))
    for g in GATES:
        hits, either, shares = res[g]; sh = np.asarray(shares, float)
        print(f"{arg} gate {g:g}: pointing {np.mean(hits):.3f}  peak on either twin {np.mean(either):.3f}  "
              f"twin {twin_wins(sh[np.isfinite(sh)]):.3f}  ({len(hits)} frames)", flush=True)
