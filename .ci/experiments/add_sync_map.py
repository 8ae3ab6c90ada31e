"""Fit a sync map (notebook 08) on a trained model's frozen features and store it in a copy of its checkpoint: what
`train_reference` does after its last stage (`ReferenceSettings.sync_epochs`), for a file trained before it did.

    python .ci/experiments/add_sync_map.py CHECKPOINT DATA OUT.pt [LAYER=video.layer1] [EPOCHS=8] [MEMBERS=5] [OBJECTS=FOLDER:N] [SOUND=onset+energy]
DATA: the SynthAV folder the model trained on (its train split is learnt from, its val split reported); OBJECTS: also
the first N clips of that folder's train split (what `train_reference` adds: its `objects` design, out/objects), or
`-` for none; SOUND: the sound's signals the map follows, joined by `+` (`onset`, `energy`, `onset+energy`).
"""
import shutil, sys, time
from pathlib import Path
import torch
from avfusion_viz.train import load_model
from avfusion_viz.data import AVDataset, read_synthav, FeatureCache, Index
from avfusion_viz.localization import fit_sync_map, store_sync_map

torch.set_num_threads(2)
ckpt, data, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
layer = sys.argv[4] if len(sys.argv) > 4 else "video.layer1"
epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 8
members = int(sys.argv[6]) if len(sys.argv) > 6 else 5
objects = sys.argv[7] if len(sys.argv) > 7 and sys.argv[7] != "-" else None
sound = tuple(sys.argv[8].split("+")) if len(sys.argv) > 8 else ("onset", "energy")   # the recipe's (ReferenceSettings)
model, classes = load_model(ckpt)
c = model.config
sets = {s: AVDataset(read_synthav(data).split(s), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                     cache=FeatureCache(data / "cache")) for s in ("train", "val")}
learn, what = [sets["train"]], "the reference design's train split"
if objects:
    folder, n = objects.rsplit(":", 1)
    o = read_synthav(folder).split("train")
    learn.append(AVDataset(Index(o.samples[:int(n)], o.classes, o.name, o.path, o.root, o.seconds), seconds=c.seconds,
                           fps=c.fps, size=c.frame_size, classes=classes, unknown_labels="skip",
                           cache=FeatureCache(Path(folder) / "cache")))
    what += f" and {len(learn[1])} clips of the objects design"
t0, c0 = time.perf_counter(), time.process_time()
fit = fit_sync_map(model, learn, sets["val"], layer=layer, epochs=epochs, members=members, progress=True, sound=sound)
print(f"{layer}, {'+'.join(sound)}, {members} detectors, {epochs} epochs: train loss {fit.train_loss[0]:.3f} → {fit.train_loss[-1]:.3f}, validation "
      f"{fit.val_loss[0]:.3f} → {fit.val_loss[-1]:.3f} ({fit.clips}; {time.perf_counter() - t0:.0f} s wall, "
      f"{time.process_time() - c0:.0f} s CPU)")
if out.resolve() != Path(ckpt).resolve(): shutil.copyfile(ckpt, out)
store_sync_map(out, fit.sync, fitted_on=f"{what} ({fit.clips['train']} clips), {members} "
               f"detectors, {epochs} epochs, following the sound's {' and '.join(sound)}; validation loss {fit.val_loss[-1]:.3f}")
print(f"stored in {out}")
