"""The localization-classes design with objects large enough for the LVS median rule (which keeps half the frame, so
IoU ≥ 0.5 needs an object covering a quarter of it): does Grad-CAM's cIoU then beat the centre box?

    python .ci/experiments/ciou_large_objects.py CHECKPOINT OUT LOW HIGH [N] [SEED]

Writes N clips (default 240) of the design at data-set SEED (default 4, a validation seed) with sprite radii in
[LOW, HIGH] × the frame side (the design's own: 0.16–0.24) into OUT, then scores its `test` half as `bench
synthav-eval` scores the design (the continuous head, `video.layer1+video.layer2`, ± 5 frames), under the median rule
and with each map keeping as many pixels as the object covers.
"""
import sys, os, torch
from avfusion_viz.synthav import write_design
from avfusion_viz.train import load_model
from avfusion_viz.localization import evaluate_localization
torch.set_num_threads(2)
ckpt, out, lo, hi = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
n, seed = int(sys.argv[5]) if len(sys.argv) > 5 else 240, int(sys.argv[6]) if len(sys.argv) > 6 else 4
if not os.path.exists(out): write_design(out, "localization-classes", n, seed=seed, scale=(lo, hi), workers=2, progress=False)
model, classes = load_model(ckpt); model.eval()
for region in ("median", "box_area"):
    table = evaluate_localization(model, out, split="test", classes=classes, layer="video.layer1+video.layer2",
                                  window=5, region=region)
    print(f"{region}\n{table}", flush=True)
