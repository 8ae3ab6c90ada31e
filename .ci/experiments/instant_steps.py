"""Where the instant head looks: the step it fuses (argmax of s_t = cos(P_a A_t, P_v V_t)) against the sound's time,
on the test half of a SynthAV split, with its prediction on the slam pair.

    python .ci/experiments/instant_steps.py CKPT FOLDER [CACHE]
(FOLDER: e.g. synthav_eval/specialisation_seed1, as `bench synthav-eval` writes it; CACHE default FOLDER/cache)"""
import sys, json, collections
from pathlib import Path
import numpy as np
import torch
from avfusion_viz.train import load_model
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
torch.set_num_threads(2)
ckpt, folder = sys.argv[1], Path(sys.argv[2])
cache = sys.argv[3] if len(sys.argv) > 3 else folder / "cache"
model, classes = load_model(ckpt); model.eval()
c = model.config
ds = AVDataset(read_synthav(folder).split("test"), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
               unknown_labels="skip", cache=FeatureCache(cache))
one = lambda x: torch.as_tensor(x)[None]
chosen, gaps, slam = collections.Counter(), [], collections.Counter()
for i in range(len(ds)):
    it = ds[i]
    if not hasattr(it, "frames"): continue
    side = json.loads((folder / "video" / f"{Path(it.file).stem}.json").read_text())
    with torch.no_grad(): out = model(one(it.frames), one(it.logmel))
    step = round(0.1 * int(out.instant_index[0, 0]), 1); chosen[step] += 1
    if side["event_type"] == "instant" and side["hit_times"]: gaps.append(abs(step - side["hit_times"][0]))
    name = classes[int(it.label)]
    if name.startswith("slam"): slam[(name, classes[int(out.logits["instant"].argmax())])] += 1
n = sum(chosen.values())
print(f"{ckpt}: {n} test clips of {folder}")
print("  steps fused most often (s):", chosen.most_common(6),
      f"| share at 1.1 or 2.1 s (just after a one-second audio piece starts): {(chosen[1.1] + chosen[2.1]) / n:.2f} "
      f"(uniform: {2 / (10 * c.seconds):.2f})")
if gaps: print(f"  instant-class clips: |fused step − sound| median {np.median(gaps):.2f} s, within 0.2 s on "
               f"{np.mean(np.array(gaps) <= 0.2):.2f} of {len(gaps)} (a step at random: median ~{c.seconds / 3:.1f} s)")
for (truth, said), k in sorted(slam.items()): print(f"  {truth:<17} → instant head says {said:<17} {k}")
