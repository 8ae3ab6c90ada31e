"""The reference recipe with the visual head's loss weighted 3 (ReferenceSettings(visual_weight=3.0)), its pretrained
video trunk reused: does a stronger pull from the visual head keep the trunk's pretrained features for the visual
head? Copy video_pretrain.pt/.json, data/, objects/ and cache/ of a reference_out folder into OUT first.

    python .ci/experiments/visual_weight_pretrained.py [OUT=/tmp/w/ref_vis3] [WEIGHT=3.0]
"""
import sys
import torch
from avfusion_viz.demo import train_reference, ReferenceSettings
torch.set_num_threads(2)
out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/w/ref_vis3"
weight = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
res = train_reference(out, ReferenceSettings(visual_weight=weight, then_fps=None), verbose=True)   # one stage, as measured
print(res.metrics); print(res.seconds)
