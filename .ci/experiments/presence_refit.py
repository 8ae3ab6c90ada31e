"""Presence readouts retrained on the reference model's frozen per-step features: MIL BCE at several sharpnesses r.

EVAL=val (default): scored on the reference set's validation split, where r is chosen.
EVAL=test: scored on the timeline design's held-out test split (a diagnostic only; nothing is chosen there).
HIDDEN=N (default 0: linear, as the model has): a readout with N hidden ReLU units instead (is the form the limit?)."""
import torch, numpy as np, time, sys, pickle, os
import torch.nn.functional as F
torch.set_num_threads(1)
from avfusion_viz.train import load_model
from avfusion_viz.interpret import run_synthav, timeline_auroc
from avfusion_viz.model import smooth_max
REF = os.environ.get("REF", "reference_out"); TL = os.environ.get("TL", "synthav_eval/timeline_seed1")
EVAL = os.environ.get("EVAL", "val"); HIDDEN = int(os.environ.get("HIDDEN", "0"))
model, classes = load_model(os.environ.get("CKPT", "data_samples/reference/reference.pt"))
feats = {}
def hook(h):
    def f(mod, inp, out): feats.setdefault(h, []).append(inp[0].detach().clone())
    return f
for h in ("audio", "visual"): model.heads[h].presence.register_forward_hook(hook(h))
def run(folder, split, cache):
    feats.clear()
    r = run_synthav(model, folder, split=split, classes=classes, cache=cache, progress=False)
    return r, {h: torch.cat(v) for h, v in feats.items()}
if os.path.exists("presence_feats.pkl"): data = pickle.load(open("presence_feats.pkl", "rb"))
else:
    t0 = time.time()
    data = {"train": run(f"{REF}/data", "train", f"{REF}/cache")}
    pickle.dump(data, open("presence_feats.pkl", "wb")); print("features", round(time.time() - t0), "s", flush=True)
if EVAL not in data:
    data[EVAL] = run(f"{REF}/data", "val", f"{REF}/cache") if EVAL == "val" else run(TL, "test", f"{TL}/cache")
    pickle.dump(data, open("presence_feats.pkl", "wb"))
tr_run, tr_f = data["train"]; te_run, te_f = data[EVAL]
y = torch.from_numpy(np.asarray(tr_run.labels)).long(); C = len(classes); Y = F.one_hot(y, C).float()
base = timeline_auroc(te_run)
print(f"committed presence on {EVAL}: audio", round(base["audio"].per_clip, 3), "visual", round(base["visual"].per_clip, 3), flush=True)
def train(h, r, epochs=40):
    torch.manual_seed(0); X = tr_f[h]
    lin = (torch.nn.Linear(X.shape[-1], C) if not HIDDEN else
           torch.nn.Sequential(torch.nn.Linear(X.shape[-1], HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, C)))
    last = lin if not HIDDEN else lin[-1]
    if not HIDDEN: torch.nn.init.zeros_(last.weight)
    torch.nn.init.constant_(last.bias, float(np.log(1 / (C - 1))))
    opt = torch.optim.Adam(lin.parameters(), lr=1e-3, weight_decay=1e-4)
    for e in range(epochs):
        perm = torch.randperm(len(X))
        for i in range(0, len(X), 16):
            b = perm[i:i + 16]; z = lin(X[b])
            bag = z.amax(1) if r == "max" else smooth_max(z, float(r))
            l = F.binary_cross_entropy_with_logits(bag, Y[b], reduction="sum") / len(b)
            opt.zero_grad(); l.backward(); opt.step()
    return lin
for r in sys.argv[1:] or ["1", "5", "20", "max"]:
    lins = {h: train(h, r) for h in ("audio", "visual")}
    with torch.no_grad():
        r2 = type(te_run)(**{**te_run.__dict__, "audio_presence": torch.sigmoid(lins["audio"](te_f["audio"])).numpy(),
                             "visual_presence": torch.sigmoid(lins["visual"](te_f["visual"])).numpy()})
    s = timeline_auroc(r2)
    print(f"{EVAL} r={r}" + (f" hidden={HIDDEN}" if HIDDEN else "") + f": audio {s['audio'].per_clip:.3f} visual {s['visual'].per_clip:.3f}", flush=True)
