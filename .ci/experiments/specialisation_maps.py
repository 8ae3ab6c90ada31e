"""The specialisation agreement (notebook 07) with the heads compared on raw, temperature-calibrated and
confidence-map-calibrated probabilities, on one design split's test half (a validation seed: DIR written by
`bench synthav-eval --data DIR --seed 6 --clips 480`).

    python .ci/experiments/specialisation_maps.py DIR SEED
"""
import sys, torch, numpy as np
from pathlib import Path
from avfusion_viz.train import load_model
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
from avfusion_viz.evaluate import predict, calibrate, assign_layers, specialisation_agreement
torch.set_num_threads(1)
model, classes = load_model("data_samples/reference/reference.pt"); c = model.config
for root, seed in ((sys.argv[1], int(sys.argv[2])),):
    f = Path(root) / f"specialisation_seed{seed}"
    ds = AVDataset(read_synthav(f).split("test"), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                   unknown_labels="skip", cache=FeatureCache(f / "cache"))
    p = predict(model, ds, progress=False)
    for name, q in (("raw", p), ("temperature", calibrate(p, model.temperatures)), ("maps", calibrate(p, {}, model.confidence_maps))):
        a = specialisation_agreement(assign_layers(q.probs, q.labels, q.heads), q.designed_heads)
        print(seed, name, round(a.agreement, 3), [round(x, 3) for x in a.ci], "shuffled up to", round(a.shuffled_ci[1], 3), flush=True)
