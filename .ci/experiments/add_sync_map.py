"""Fit a sync map (notebook 08) on a trained model's frozen features and store it in a copy of its checkpoint: what
`train_reference` does after its last stage (`ReferenceSettings.sync_epochs`), for a file trained before it did.

    python .ci/experiments/add_sync_map.py CHECKPOINT DATA OUT.pt [LAYER=video.layer1] [EPOCHS=15] [MEMBERS=5]
DATA: the SynthAV folder the model trained on (its train split is learnt from, its val split reported).
"""
import shutil, sys, time
from pathlib import Path
import torch
from avfusion_viz.train import load_model
from avfusion_viz.data import AVDataset, read_synthav, FeatureCache
from avfusion_viz.localization import fit_sync_map, store_sync_map

torch.set_num_threads(2)
ckpt, data, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
layer = sys.argv[4] if len(sys.argv) > 4 else "video.layer1"
epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 15
members = int(sys.argv[6]) if len(sys.argv) > 6 else 5
model, classes = load_model(ckpt)
c = model.config
sets = {s: AVDataset(read_synthav(data).split(s), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                     cache=FeatureCache(data / "cache")) for s in ("train", "val")}
t0, c0 = time.perf_counter(), time.process_time()
fit = fit_sync_map(model, sets["train"], sets["val"], layer=layer, epochs=epochs, members=members, progress=True)
print(f"{layer}, {members} detectors, {epochs} epochs: train loss {fit.train_loss[0]:.3f} → {fit.train_loss[-1]:.3f}, validation "
      f"{fit.val_loss[0]:.3f} → {fit.val_loss[-1]:.3f} ({fit.clips}; {time.perf_counter() - t0:.0f} s wall, "
      f"{time.process_time() - c0:.0f} s CPU)")
if out.resolve() != Path(ckpt).resolve(): shutil.copyfile(ckpt, out)
store_sync_map(out, fit.sync, fitted_on=f"the reference design's train split ({fit.clips['train']} clips), {members} "
               f"detectors, {epochs} epochs; validation loss {fit.val_loss[-1]:.3f}")
print(f"stored in {out}")
