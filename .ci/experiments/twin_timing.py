"""What timing alone gives on the silent-twin test: `localization.timing_map` (no learning: each pixel's motion
correlated over the clip with the sound's onset strength) and `motion_map` (motion alone: the twin moves too, at its
own times), scored like every map of `evaluate_localization` (pointing game, twin share) on a validation split of the
localization design (seed 4), at the reference model's input (5 frames/s, 32 px) and at the files' own rate and size
(10 frames/s, 64 px): how much of the twin test the model's frame rate and size leave decidable.

    python .ci/experiments/twin_timing.py [VAL=/tmp/w/synthav_eval/localization_seed4]
"""
import sys
from pathlib import Path
import numpy as np, torch, torch.nn.functional as F
from avfusion_viz.data import AVDataset, read_synthav, av_loader
from avfusion_viz.localization import synthav_frame_boxes, synthav_twin_boxes, twin_share, twin_wins, pointing_hit, \
    scoring_map, motion_map, timing_map

torch.set_num_threads(2)
val = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/w/synthav_eval/localization_seed4")
index = read_synthav(val)
by_file = {s.file: s for s in index.samples}

def maps(batch):   # {name: (B, T, H, W)}
    return {"timing (motion × sound, per clip)": timing_map(batch.frames, batch.onset_envelope),
            "motion alone (per frame)": motion_map(batch.frames)}

for fps, size in ((5, 32), (10, 64)):
    ds = AVDataset(index, seconds=3.0, fps=fps, size=size)
    hits, shares = {}, {}
    for batch in av_loader(ds, batch_size=8):
        named = maps(batch)
        for b, file in enumerate(batch.files):
            s = by_file[file]; side = s.extra["sidecar"]; n = batch.frames.shape[2]
            boxes, twins = synthav_frame_boxes(side, n, fps, s.file_start), synthav_twin_boxes(side, n, fps, s.file_start)
            for name, mp in ((k, v[b]) for k, v in named.items()):
                for k in range(n):
                    if boxes[k] is None: continue
                    x = scoring_map(mp[k].numpy(), 224)
                    hits.setdefault(name, []).append(pointing_hit(x, boxes[k], 224))
                    if twins[k] is not None: shares.setdefault(name, []).append(twin_share(x, boxes[k], twins[k], 224))
    for name in hits:
        sh = np.asarray(shares[name]); sh = sh[np.isfinite(sh)]
        print(f"{fps} frames/s, {size} px, {name:<36} pointing {np.mean(hits[name]):.3f}  twin {twin_wins(sh):.3f} "
              f"({len(hits[name])} frames, {sh.size} with a twin)", flush=True)
