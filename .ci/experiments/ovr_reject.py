"One-vs-rest readouts retrained on the reference model's frozen features: BCE with and without LL-R rejection."
import torch, numpy as np, time, sys, pickle, os
REF = os.environ.get("REF", "reference_out")                        # train_reference's folder (data/, cache/)
ML = os.environ.get("ML", "synthav_eval/missing-labels_seed1")      # bench synthav-eval's missing-labels design folder
import torch.nn.functional as F
torch.set_num_threads(1)
from avfusion_viz.train import load_model
from avfusion_viz.backbones import HEADS
from avfusion_viz.interpret import run_synthav, missing_label_eval
from avfusion_viz.model import _bce_reject
ck = os.environ.get("CKPT", "data_samples/reference/reference.pt")
model, classes = load_model(ck)
feats = {}
def hook(h):
    def f(mod, inp, out): feats.setdefault(h, []).append(inp[0].detach().clone())
    return f
for h in HEADS: model.heads[h].one_vs_rest.register_forward_hook(hook(h))
def run(folder, split, cache):
    feats.clear()
    r = run_synthav(model, folder, split=split, classes=classes, cache=cache, progress=False)
    return r, {h: torch.cat(v) for h, v in feats.items()}
if os.path.exists("ovr_feats.pkl"):
    data = pickle.load(open("ovr_feats.pkl", "rb"))
else:
    t0 = time.time()
    data = {}
    data["train"] = run(f"{REF}/data", "train", f"{REF}/cache")
    ml = ML
    data["held"] = run(ml, "train", ml + "/cache"); data["test"] = run(ml, "test", ml + "/cache")
    pickle.dump(data, open("ovr_feats.pkl", "wb")); print("features", time.time() - t0, flush=True)
tr_run, tr_f = data["train"]
y = torch.from_numpy(np.asarray(tr_run.labels)).long()
print("train clips", len(y), {h: tuple(v.shape) for h, v in tr_f.items()})
base = missing_label_eval(data["held"][0], data["test"][0]); print("committed readout", base.recall, base.precision, flush=True)
def train_ovr(reject, epochs=60, seed=0):
    torch.manual_seed(seed); out = {}
    C = len(classes); Y = F.one_hot(y, C).float()
    for h in HEADS:
        X = tr_f[h]; lin = torch.nn.Linear(X.shape[1], C)
        torch.nn.init.zeros_(lin.weight); torch.nn.init.constant_(lin.bias, float(np.log(1 / (C - 1))))
        opt = torch.optim.Adam(lin.parameters(), lr=1e-3, weight_decay=1e-4)
        for e in range(epochs):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), 16):
                b = perm[i:i + 16]; l = _bce_reject(lin(X[b]), Y[b], reject).sum() / len(b)
                opt.zero_grad(); l.backward(); opt.step()
        out[h] = lin
    return out
def evaluate(lins):
    runs = {}
    for k in ("held", "test"):
        r, f = data[k]
        r2 = type(r)(**{**r.__dict__, "ovr": {h: torch.sigmoid(lins[h](f[h])).detach().numpy() for h in HEADS}})
        runs[k] = r2
    return missing_label_eval(runs["held"], runs["test"])
for reject in [float(x) for x in sys.argv[1:]] or [0.0, 0.02, 0.05]:
    res = evaluate(train_ovr(reject))
    print(f"reject {reject}: test recall {res.recall:.3f} precision {res.precision:.3f} (val {res.val_recall:.3f}/{res.val_precision:.3f}) "
          f"threshold {res.threshold} proposed {res.proposed} distractor share {res.distractor_share}", flush=True)
