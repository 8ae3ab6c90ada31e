"""Which head the specialisation analysis assigns each clip to, raw and with the checkpoint's temperatures: the counts
and agreements notebook 07 quotes for the reference model. Reads the held-out split `bench synthav-eval` wrote.

    python .ci/experiments/specialisation_assigned.py [CHECKPOINT] [SPLIT=synthav_eval/specialisation_seed1]
"""
import collections, sys
from pathlib import Path
import numpy as np, torch
from avfusion_viz.train import load_model
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
from avfusion_viz.evaluate import predict, assign_layers, specialisation_agreement, calibrate

torch.set_num_threads(2)
ckpt = sys.argv[1] if len(sys.argv) > 1 else "data_samples/reference/reference.pt"
folder = Path(sys.argv[2] if len(sys.argv) > 2 else "synthav_eval/specialisation_seed1")
model, classes = load_model(ckpt)
c = model.config
ds = AVDataset(read_synthav(folder).split("test"), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
               unknown_labels="skip", cache=FeatureCache(folder / "cache"))
pred = predict(model, ds, progress=False)
for name, p in (("raw", pred), ("calibrated (the checkpoint's temperatures)", calibrate(pred, model.temperatures))):
    assigned = assign_layers(p.probs, p.labels, p.heads)
    print(f"== {name}\n{specialisation_agreement(assigned, pred.designed_heads)}")
    print("assigned:", dict(collections.Counter(np.asarray(assigned).tolist()).most_common()))
