"""Does a per-class bias fix what one temperature cannot? The reference model on the 1000 fresh clips of its design
that calibration_size.py writes (seed 7: 500 validation, 500 test): per head, fitted on validation by the NLL,
(1) one temperature T, (2) T plus a bias per class (softmax(z / T + b), b with a small L2 penalty), (3) vector scaling
(softmax(w ⊙ z + b)); ECE on test beside the chance ECE of a calibrated head, and how often the top-1 class moves.

    python .ci/experiments/calibration_bias.py [OUT=/tmp/calib_seed7]   (after calibration_size.py; ~3 min, 1 core)
"""
import sys
from pathlib import Path
import numpy as np, torch
from avfusion_viz.train import load_model
from avfusion_viz.data import read_synthav, AVDataset
from avfusion_viz.evaluate import predict, expected_calibration_error, ece_chance

torch.set_num_threads(1)
out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/calib_seed7")
model, classes = load_model("data_samples/reference/reference.pt")
c = model.config
index = read_synthav(out)
pred = {s: predict(model, AVDataset(index.split(s), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                                    cache=out / "cache"), progress=False) for s in ("val", "test")}

def fit(z, y, mode, l2=1e-2):
    "softmax(z / T [+ b]) or softmax(w ⊙ z + b), fitted by L-BFGS on the NLL (+ l2 · mean square of b and log w)."
    z, y = torch.tensor(z, dtype=torch.float64), torch.tensor(y)
    log_t, b, log_w = (torch.zeros(n, dtype=torch.float64, requires_grad=True) for n in (1, z.shape[1], z.shape[1]))
    params = {"T": [log_t], "T+b": [log_t, b], "vector": [log_w, b]}[mode]
    f = lambda z: z * log_w.exp() + b if mode == "vector" else z / log_t.exp() + (b if mode == "T+b" else 0)
    opt = torch.optim.LBFGS(params, max_iter=500, line_search_fn="strong_wolfe")
    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(f(z), y) + (l2 * ((b ** 2).mean() + (log_w ** 2).mean()) if mode != "T" else 0)
        loss.backward(); return loss
    opt.step(closure)
    return lambda zz: torch.softmax(f(torch.tensor(zz, dtype=torch.float64)), 1).detach().numpy()

v, t = pred["val"], pred["test"]
print(f"{len(t.labels)} test clips; ECE (top-1 accuracy; share of clips whose top-1 class moved)")
for k, h in enumerate(v.heads):
    row = [f"raw {expected_calibration_error(t.probs[:, k], t.labels):.3f} ({(t.logits[:, k].argmax(1) == t.labels).mean():.3f})"]
    for mode in ("T", "T+b", "vector"):
        p = fit(v.logits[:, k], v.labels, mode)(t.logits[:, k])
        row.append(f"{mode} {expected_calibration_error(p, t.labels):.3f} ({(p.argmax(1) == t.labels).mean():.3f}; "
                   f"{(p.argmax(1) != t.logits[:, k].argmax(1)).mean():.2f})")
    m, hi = ece_chance(p)
    print(f"{h:11s} " + " | ".join(row) + f" | chance {m:.3f} ({hi:.3f})", flush=True)
