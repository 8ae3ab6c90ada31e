"""Can the tiny model learn the specialisation design's audio-visual pairs (in sync / out of sync) from more clips?
The reference model sees 28 training clips per class and separates no pair; here the same recipe (the 3 200-step
pretrained trunk at lr × 0.1, 10 epochs) trains on the specialisation design alone, N clips (70 % for training).

    python .ci/experiments/sync_pairs.py PRETRAINED_TRUNK OUT N
(PRETRAINED_TRUNK: video_pretrain.pt of a reference run.) Prints each head's top-1 on each pair's test clips.
Env FPS (default 5, the reference model's): the frame rate the model sees (the trunk is used as pretrained at 5).
Two runs may share OUT's data/ (written once); each frame rate keeps its own cache and run folder."""
import sys, json, os
from pathlib import Path
import numpy as np
import torch
from avfusion_viz.synthav import write_design
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
from avfusion_viz.backbones import ModelConfig
from avfusion_viz.train import TrainConfig, fit, load_model
from avfusion_viz.evaluate import predict
torch.set_num_threads(2)
trunk, out, n = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
data = out / "data"
if not (data / "synthav.json").is_file():
    write_design(data, "specialisation", n, seed=0, seconds=3.0, workers=2, progress=False)
index = read_synthav(data)
fps = int(os.environ.get("FPS", "5"))
cache = FeatureCache(out / ("cache" if fps == 5 else f"cache_fps{fps}"))
sets = {s: AVDataset(index.split(s), seconds=3, fps=fps, size=32, cache=cache) for s in ("train", "val", "test")}
cfg = ModelConfig.tiny(len(index.classes), seconds=3, fps=fps, frame_size=32, video_weights=trunk)
tc = TrainConfig(epochs=10, batch_size=8, lr=0.01, lr_patience=2, video_lr_scale=0.1, device="cpu", progress=False)
res = fit(cfg, sets["train"], sets["val"], tc, out / ("run" if fps == 5 else f"run_fps{fps}"), overwrite=True)
model, classes = load_model(res.best_checkpoint or res.last_checkpoint)
p = predict(model, sets["test"], progress=False)
print(f"{len(sets['train'])} training clips ({len(sets['train']) / len(classes):.0f} per class); test {len(p.labels)}")
rows = {}
for pair in ("drum", "slam", "motor"):
    idx = np.flatnonzero([classes[l].startswith(pair) for l in p.labels])
    rows[pair] = {h: float((p.head(h)[idx].argmax(1) == p.labels[idx]).mean()) for h in (*p.heads, "ensemble")}
    print(f"{pair:<6} ({len(idx)} clips): " + ", ".join(f"{h} {v:.2f}" for h, v in rows[pair].items()))
for kind, names in (("visual-only", ("red circle", "green triangle", "blue cross")), ("audio-only", ("whistle", "rumble", "hiss"))):
    idx = np.flatnonzero([classes[l] in names for l in p.labels])
    print(f"{kind:<11} ({len(idx)} clips): " + ", ".join(f"{h} {(p.head(h)[idx].argmax(1) == p.labels[idx]).mean():.2f}"
                                                      for h in (*p.heads, "ensemble")))
(out / ("pairs.json" if fps == 5 else f"pairs_fps{fps}.json")).write_text(json.dumps(rows))
