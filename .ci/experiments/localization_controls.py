"""The localization controls that learn nothing (centre, random, motion, timing) on a held-out localization split,
computed without the model they are compared with: they depend only on the clips, at a model's clip length, frame
rate and size. Used to add the motion and timing rows to `data_samples/reference/demo_synthav_eval.json`, measured
before those controls existed (the demo model itself is not committed). Writes the split the way `bench
synthav-eval` does (same design, clip count and seed) and prints the keys `bench synthav-eval` writes.

    python .ci/experiments/localization_controls.py SECONDS FPS FRAME_SIZE [DATA=/tmp/w/synthav_eval_demo] [SEED=1] [MERGE_INTO.json]
"""
import json, sys, types
from pathlib import Path
import torch
from avfusion_viz.backbones import ModelConfig
from avfusion_viz.model import EventFusionNet
from avfusion_viz.bench import _design_split
from avfusion_viz.data import FeatureCache, read_synthav
from avfusion_viz.localization import evaluate_localization

torch.set_num_threads(2)
seconds, fps, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
root = Path(sys.argv[4] if len(sys.argv) > 4 else "/tmp/w/synthav_eval_demo")
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
config = types.SimpleNamespace(seconds=seconds)
from avfusion_viz.synthav import CLASS_SETS
classes = [c.name for c in CLASS_SETS["standard"]]
folder = _design_split(root, "localization", 160, seed, config, classes, True)
index = read_synthav(folder)
torch.manual_seed(0)
model = EventFusionNet(ModelConfig.tiny(len(index.classes), seconds=seconds, fps=fps, frame_size=size)).eval()
loc = evaluate_localization(model, folder, split="test", cache=FeatureCache(folder / "cache"), control_head=None)
s = loc.scores
keys = dict(pointing_motion=s["motion"].pointing, pointing_timing=s["timing"].pointing,
            twin_share_motion=s["motion"].twin, twin_share_timing=s["timing"].twin,
            check_pointing_centre=s["centre"].pointing, check_loc_centre_auc=s["centre"].auc)
print(loc); print(json.dumps(keys, indent=1))
if len(sys.argv) > 6:
    p = Path(sys.argv[6]); res = json.loads(p.read_text())
    for k in ("pointing_centre", "loc_centre_auc"):   # the same clips as the file's: its centre control must agree
        assert abs(res[k] - keys[f"check_{k}"]) < 1e-9, (k, res[k], keys[f"check_{k}"])
    res.update({k: v for k, v in keys.items() if not k.startswith("check_")})
    p.write_text(json.dumps(res, indent=1) + "\n"); print(f"merged into {p}")
