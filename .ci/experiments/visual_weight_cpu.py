"""The reference configuration trained from scratch for 4 epochs on the reference design's clips (its train split;
val for the accuracies), as committed (visual loss weight 1, InfoNCE 0.5) or with the visual head's loss × 4 and the
InfoNCE at 0.1 (`vis4`): the visual head's training cross-entropy and every head's validation top-1 after each epoch.

    python .ci/experiments/visual_weight_cpu.py {base,vis4} REFERENCE_OUT OUT     (~20 min each on one core)
"""
import sys, torch
from dataclasses import replace
from avfusion_viz.train import load_model, fit, TrainConfig, read_metrics
from avfusion_viz.backbones import HEADS
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache

torch.set_num_threads(1)
variant, folder, out = sys.argv[1], sys.argv[2], sys.argv[3]
ref, classes = load_model("data_samples/reference/reference.pt")
c = replace(ref.config, presence_sharpness=1.0)
index, cache = read_synthav(f"{folder}/data"), FeatureCache(f"{folder}/cache")
sets = {s: AVDataset(index.split(s), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes, cache=cache)
        for s in ("train", "val")}
if variant == "vis4":
    c = replace(c, head_weights={h: 4.0 if h == "visual" else 1.0 for h in HEADS}, contrastive_weight=0.1)
fit(c, sets["train"], sets["val"], TrainConfig(epochs=4, batch_size=8, lr=0.01, lr_patience=2, seed=0, progress=False,
                                               device="cpu"), out)
for h in read_metrics(out):
    print(variant, h["epoch"], "train CE visual", round(h["train_loss"]["visual"], 3),
          "val top-1", {k: round(v, 3) for k, v in h["val_acc"].items() if k != "n"}, flush=True)
