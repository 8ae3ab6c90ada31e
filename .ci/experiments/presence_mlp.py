"""Presence readouts refitted on a model's frozen per-step features, linear (as the model has) against a small MLP,
at the model's smooth-max sharpness: does a non-linear readout follow the truth better? Scored on the reference set's
validation split (per-clip timeline AUROC). Reuses presence_refit.py's feature cache (presence_feats.pkl in the working
folder; env REF, CKPT as there).

    EVAL=val python .ci/experiments/presence_mlp.py [HIDDEN ...]     (0: linear)
"""
import os, sys, pickle, torch, numpy as np
import torch.nn.functional as F
torch.set_num_threads(1)
from avfusion_viz.interpret import timeline_auroc
from avfusion_viz.model import smooth_max
EVAL = os.environ.get("EVAL", "val")
data = pickle.load(open("presence_feats.pkl", "rb"))
tr_run, tr_f = data["train"]; te_run, te_f = data[EVAL]
C = len(te_run.classes) if hasattr(te_run, "classes") else int(max(tr_run.labels)) + 1
y = torch.from_numpy(np.asarray(tr_run.labels)).long(); Y = F.one_hot(y, C).float()
def train(h, hidden, r=1.0, epochs=40, seed=0):
    torch.manual_seed(seed); X = tr_f[h]; d = X.shape[-1]
    net = (torch.nn.Linear(d, C) if hidden == 0 else
           torch.nn.Sequential(torch.nn.Linear(d, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, C)))
    last = net if hidden == 0 else net[-1]
    torch.nn.init.constant_(last.bias, float(np.log(1 / (C - 1))))
    if hidden == 0: torch.nn.init.zeros_(last.weight)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-4)
    for e in range(epochs):
        perm = torch.randperm(len(X))
        for i in range(0, len(X), 16):
            b = perm[i:i + 16]
            l = F.binary_cross_entropy_with_logits(smooth_max(net(X[b]), r), Y[b], reduction="sum") / len(b)
            opt.zero_grad(); l.backward(); opt.step()
    return net
for hidden in map(int, sys.argv[1:] or ["0", "64", "256"]):
    nets = {h: train(h, hidden) for h in ("audio", "visual")}
    with torch.no_grad():
        r2 = type(te_run)(**{**te_run.__dict__, "audio_presence": torch.sigmoid(nets["audio"](te_f["audio"])).numpy(),
                             "visual_presence": torch.sigmoid(nets["visual"](te_f["visual"])).numpy()})
    s = timeline_auroc(r2)
    print(f"{EVAL} hidden={hidden}: audio {s['audio'].per_clip:.3f} visual {s['visual'].per_clip:.3f}", flush=True)
