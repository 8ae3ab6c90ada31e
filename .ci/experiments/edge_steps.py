"""How far each step of V lies from the clip mean when nothing in the clip moves: mc3_18 pads time with zeros, so the
first and last steps differ from the others (why `ModelConfig.change_edge` exists, notebook 04). Clips of SynthAV's
visual-only specialisation classes, which stand still, rendered at the model's input size; a moving class beside them.

    python .ci/experiments/edge_steps.py [CHECKPOINT] [SEEDS=0,1,2]
"""
import sys
import numpy as np, torch
from avfusion_viz.train import load_model
from avfusion_viz.synthav import render_clip
from avfusion_viz.backbones import normalize_frames

torch.set_num_threads(1)
ckpt = sys.argv[1] if len(sys.argv) > 1 else "data_samples/reference/reference.pt"
seeds = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "0,1,2").split(",")]
model, _ = load_model(ckpt)
model.eval()
c = model.config
rows = {}
for name in ("red circle", "green triangle", "blue cross", "motor in sync"):
    d = []
    for seed in seeds:
        r = render_clip(name, seconds=c.seconds, seed=seed, size=c.frame_size, fps=c.fps, enter_leave=0.0)
        f = normalize_frames(torch.from_numpy(np.ascontiguousarray(r.frames)))
        with torch.no_grad(): _, V = model.video(f[None] if f.ndim == 4 else f)
        d.append((V[0] - V[0].mean(0)).norm(dim=-1).numpy())
    rows[name] = np.mean(d, 0)
    x = rows[name]
    show = lambda v: ", ".join(f"{t:.1f}" for t in v)
    print(f"{name:<15} |V_t - mean| by step (mean of {len(seeds)} clips): first 4 {show(x[:4])}; middle median "
          f"{np.median(x[4:-4]):.1f}; last 4 {show(x[-4:])}")
