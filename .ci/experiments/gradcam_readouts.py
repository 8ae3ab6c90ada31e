"""Grad-CAM of other readouts of the visual head on the localization-classes design: its clip logit (what `bench
synthav-eval` explains), its one-vs-rest logit, and its per-step presence logits (summed over the clip's steps, or their
smooth max as trained). Grad-CAM folds time into channels, so each frame's channel weights come from that readout's
gradient: do readouts trained to say "this class is here" (one-vs-rest, presence; notebook 04) point better than the
softmax logit, which also learned "not the other classes"? Scored as bench scores the design (layers 1 + 2, ± 5 frames).

    python .ci/experiments/gradcam_readouts.py CHECKPOINT DATA SEED [READOUTS=logit,ovr,presence_sum,presence_lse] [CLIPS=480]
"""
import sys
import numpy as np, torch
from pathlib import Path
from avfusion_viz.bench import _design_split
from avfusion_viz.data import FeatureCache
from avfusion_viz import localization
from avfusion_viz.localization import evaluate_localization, GradCAM
from avfusion_viz.train import load_model

torch.set_num_threads(2)
ckpt, data, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
readouts = (sys.argv[4] if len(sys.argv) > 4 else "logit,ovr,presence_sum,presence_lse").split(",")
clips = int(sys.argv[5]) if len(sys.argv) > 5 else 480
model, classes = load_model(ckpt)
model.eval()
folder = _design_split(data, "localization-classes", clips, seed, model.config, classes, True)
original = GradCAM._forward

def forward_with(readout):
    def _forward(self, frames, logmel, onsets):
        out = self.model(frames, logmel, onsets)
        logits = out.logits[self._head]
        target = logits.argmax(1)
        if self._target is not None:
            given = self._target.to(logits.device)
            target = torch.where(given >= 0, given, target)
        self._output, self._used_target = out, target
        if readout == "ovr": z = out.one_vs_rest[self._head]
        elif readout == "presence_sum": z = out.presence[self._head].sum(1)
        elif readout == "presence_lse": z = out.presence[self._head].logsumexp(1)
        else: z = logits
        return z.gather(1, target[:, None])
    return _forward

for readout in readouts:
    GradCAM._forward = forward_with(readout) if readout != "logit" else original
    t = evaluate_localization(model, folder, split="test", classes=classes, head="visual",
                              layer="video.layer1+video.layer2", control_head=None, window=5,
                              cache=FeatureCache(folder / "cache"))
    print(f"seed {seed}, visual head's {readout}: pointing {t.hits['gradcam'].mean():.3f} over {len(t.hits['gradcam'])} "
          f"frames (motion map {t.hits['motion'].mean():.3f}, centre {t.hits['centre'].mean():.3f})", flush=True)
