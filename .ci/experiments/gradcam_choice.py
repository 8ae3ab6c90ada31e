"""Which head and VideoNet block Grad-CAM should explain, chosen on a validation split of the localization design:
every head × block, pointing game, silent twin and cIoU beside the centre and the true-box ceiling. The split is
data-set seed 4 (the models train on seed 0; `bench synthav-eval` tests on seeds 1–3), all 160 clips.

    python .ci/experiments/gradcam_choice.py [CHECKPOINT] [FOLDER=synthav_eval/localization_seed4] [HEADS] [LAYERS]
"""
import sys, time
from pathlib import Path
import torch
from avfusion_viz.train import load_model
from avfusion_viz.data import FeatureCache
from avfusion_viz.synthav import write_design
from avfusion_viz.localization import evaluate_localization

torch.set_num_threads(2)
ckpt = sys.argv[1] if len(sys.argv) > 1 else "data_samples/reference/reference.pt"
folder = Path(sys.argv[2] if len(sys.argv) > 2 else "synthav_eval/localization_seed4")
heads = (sys.argv[3] if len(sys.argv) > 3 else "visual,onset,instant,continuous").split(",")
layers = (sys.argv[4] if len(sys.argv) > 4 else "video.layer1,video.layer2,video.layer3,video.layer4").split(",")
model, classes = load_model(ckpt)
c = model.config
if not (folder / "synthav.json").is_file():
    write_design(folder, "localization", 160, seed=4, seconds=float(c.seconds), splits=(0.5, 0.0, 0.5), progress=True)
cache = FeatureCache(folder / "cache")
print(f"{'head':<11} {'layer':<13} {'pointing':>8} {'twin':>6} {'cIoU':>6} {'AUC':>6} | centre pointing, ceiling pointing / cIoU")
for layer in layers:
    for head in heads:
        t0 = time.perf_counter()
        loc = evaluate_localization(model, folder, split=None, classes=classes, head=head, layer=layer, cache=cache,
                                    control_head=None)
        s = loc.scores
        print(f"{head:<11} {layer:<13} {s['gradcam'].pointing:8.3f} {s['gradcam'].twin:6.3f} {s['gradcam'].ciou:6.3f} "
              f"{s['gradcam'].auc:6.3f} | {s['centre'].pointing:.3f}, {s['box_lowres'].pointing:.3f} / "
              f"{s['box_lowres'].ciou:.3f}  ({s['gradcam'].n} frames, {time.perf_counter() - t0:.0f} s)", flush=True)
print(f"similarity map: pointing {s['similarity'].pointing:.3f}, twin {s['similarity'].twin:.3f}")
