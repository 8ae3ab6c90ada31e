"""Grad-CAM with one set of channel weights per clip instead of one per frame. `localization.GradCAM` folds time into
channels, so each frame's channel weights are the mean of that frame's gradient over space; the standard Grad-CAM of
a 3D network (captum's LayerGradCam on the (B, C, T, h, w) block; pytorch-grad-cam's 3D mode) averages the gradient
over the clip's frames too. A frame whose own gradient is small or noisy (the clip's ends, a frame the head leans on
little) then borrows the weights of the clip. Scored as `bench synthav-eval` scores the localization-classes design:
the visual head, layers 1 + 2, maps averaged over ± 5 frames, the test half.

    python .ci/experiments/gradcam_clip_weights.py CHECKPOINT DATA SEED [WEIGHTS=frame,clip] [CLIPS=480]
"""
import sys
import numpy as np, torch
from pathlib import Path
from captum._utils.gradient import compute_layer_gradients_and_eval
from avfusion_viz.bench import _design_split
from avfusion_viz.data import FeatureCache
from avfusion_viz.localization import evaluate_localization, GradCAM

torch.set_num_threads(2)
ckpt, data, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
variants = (sys.argv[4] if len(sys.argv) > 4 else "frame,clip").split(",")
clips = int(sys.argv[5]) if len(sys.argv) > 5 else 480
from avfusion_viz.train import load_model
model, classes = load_model(ckpt); model.eval()
folder = _design_split(data, "localization-classes", clips, seed, model.config, classes, True)

class ClipWeights:
    "Stands in for captum's LayerGradCam inside GradCAM: α_k = the gradient's mean over the clip's frames and space."
    def __init__(self, cam): self.cam = cam
    def attribute(self, inputs, target, additional_forward_args, attr_dim_summation, grad_kwargs):
        (g,), (m,) = compute_layer_gradients_and_eval(self.cam._forward, self.cam.probe, (inputs,), target,
                                                      additional_forward_args, grad_kwargs=grad_kwargs)
        B, C, T, h, w = self.cam._shape
        alpha = g.reshape(B, T, C, h, w).mean(dim=(1, 3, 4), keepdim=True)          # (B, 1, C, 1, 1)
        return (alpha * m.reshape(B, T, C, h, w)).reshape(B, T * C, h, w)            # α_k M_{k,t}, as captum returns it

original = GradCAM.__init__
def with_clip_weights(self, *a, **k):
    original(self, *a, **k); self.gradcam = ClipWeights(self)

for v in variants:
    GradCAM.__init__ = with_clip_weights if v == "clip" else original
    r = evaluate_localization(model, folder, split="test", classes=classes, head="visual", layer="video.layer1+video.layer2",
                              control_head=None, window=5, cache=FeatureCache(folder / "cache"), also_region="box_area")
    s, b = r.scores, r.also
    print(f"seed {seed}, channel weights per {v}: pointing {s['gradcam'].pointing:.3f} over {s['gradcam'].n} frames "
          f"(motion map {s['motion'].pointing:.3f}, centre {s['centre'].pointing:.3f}); cIoU {s['gradcam'].ciou:.3f} "
          f"(centre {s['centre'].ciou:.3f}, ceiling {s['box_lowres'].ciou:.3f}); given the object's size "
          f"{b['gradcam'].ciou:.3f} (motion {b['motion'].ciou:.3f})", flush=True)
