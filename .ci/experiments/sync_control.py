"""Can the specialisation design's in-sync / out-of-sync pairs be told apart from timing alone, and at which frame rate?
`evaluate.sync_correlation` (the whole picture's motion against the sound's loudness, per clip; no model) with one
threshold per pair fitted on the split's `train` half and scored on its `test` half (`evaluate.sync_pair_control`;
chance 0.5), at the reference model's input (5 frames/s, 32 px: what `bench synthav-eval` prints) and at the files'
own (10 frames/s, 64 px): how much of each pair the model's frame rate leaves decidable.

    python .ci/experiments/sync_control.py [SPLIT=synthav_eval/specialisation_seed1] [SECONDS=3]
"""
import sys
from pathlib import Path
import torch
from avfusion_viz.data import AVDataset, read_synthav
from avfusion_viz.evaluate import dataset_sync_correlations, sync_pair_control
from avfusion_viz.synthav import CLASS_BY_NAME

torch.set_num_threads(2)
folder = Path(sys.argv[1] if len(sys.argv) > 1 else "synthav_eval/specialisation_seed1")
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
index = read_synthav(folder)
PAIRS = {"onset": "drum", "instant": "slam", "continuous": "motor"}

for fps, size in ((5, 32), (10, 64)):
    halves = {}
    for s in ("train", "test"):
        r, labels, _ = dataset_sync_correlations(AVDataset(index.split(s), seconds=seconds, fps=fps, size=size))
        specs = [CLASS_BY_NAME[index.classes[k]] for k in labels]
        halves[s] = [(x, sp.event_type, bool(sp.sync)) for x, sp in zip(r, specs) if sp.sync is not None]
    for h, pair in PAIRS.items():
        tr, te = ([(x, y) for x, t, y in halves[s] if t == h] for s in ("train", "test"))
        if not tr or not te: continue
        ctl = sync_pair_control(*zip(*tr), *zip(*te))
        r_in = [x for x, y in te if y]; r_out = [x for x, y in te if not y]
        print(f"{fps} frames/s, {size} px, {pair:<5} pair: test accuracy {ctl.accuracy:.3f} (threshold {ctl.threshold:+.2f}; "
              f"train {ctl.n_train}, test {ctl.n_test} clips; mean r in / out of sync {sum(r_in) / max(len(r_in), 1):+.2f}"
              f" / {sum(r_out) / max(len(r_out), 1):+.2f})", flush=True)
