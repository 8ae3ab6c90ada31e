"""The paper's five heads trained again, from scratch, on the reference model's frozen A and V: do they learn the sync
pairs that a linear probe finds in the same features (`sync_probe.py`), and does specialisation follow?

Features: the committed model's AudioNet and VideoNet, frozen (A, and V on the step grid, onsets as the model reads
them), of the reference design's training clips (seed 0, `train` split; its `val` split picks the epoch) and of a
specialisation split (both halves, scored only). New heads and projections (the model's config; only the heads' sum
of cross-entropies, the paper's loss; Adam), then per head: top-1 on each pair, and the agreement of the most
confident head on the true class with the designed head (raw probabilities), beside the committed heads on the same
features.

    [LAST=1] [EXTRA=FOLDER:…] [CENTRE=onset,instant,continuous] [FEATURES=DIR] python .ci/experiments/heads_frozen.py REF_DATA SPEC_SPLIT [EPOCHS=40] [SEEDS=3]

REF_DATA: a folder of the reference design at seed 0 (`write_design(…, "reference", 960, seed=0, seconds=3.0)`);
SPEC_SPLIT: a specialisation split (a validation seed).
"""
import sys, copy, os
import numpy as np
import torch
from avfusion_viz.train import load_model
from avfusion_viz.demo import reference_checkpoint
from avfusion_viz.data import read_synthav
from dataclasses import replace
from avfusion_viz.model import head_losses, EventFusionNet
from avfusion_viz.backbones import HEADS
from avfusion_viz.evaluate import assign_layers, specialisation_agreement
sys.path.insert(0, os.path.dirname(__file__)); import _frozen

torch.set_num_threads(2)
ref, spec = sys.argv[1], sys.argv[2]
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 40
n_seeds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
LAST = os.environ.get("LAST") == "1"   # keep the last epoch instead of the best on val
CENTRE = tuple(h for h in os.environ.get("CENTRE", "").split(",") if h)   # ModelConfig.change_heads of the new heads
model, classes = load_model(reference_checkpoint()); model.eval(); c = model.config

CACHE = os.environ.get("FEATURES", "/tmp/avf_frozen")   # cached features
extra = [e for e in os.environ.get("EXTRA", "").split(":") if e]   # more training clips: the train split of these folders
train, val = _frozen.training_features(model, classes, ref, extra, CACHE)
print(f"training on {len(train['Y'])} clips", flush=True)
test = _frozen.features(model, classes, read_synthav(spec), f"{CACHE}/feat_spec.pt")

def probs(m, f):
    m.eval()
    with torch.no_grad():
        out = m.fuse(f["A"], f["V"], f["O"], f["E"])
        return torch.stack([out.probs(h) for h in HEADS], 1).float().numpy()

def report(name, p, f):
    y = f["Y"].numpy(); names = [classes[k] for k in y]
    row = []
    for pair in ("drum", "slam", "motor"):
        i = np.array([n.startswith(pair + " ") for n in names])
        row.append(f"{pair} " + "/".join(f"{(p[i, k].argmax(1) == y[i]).mean():.2f}" for k in range(len(HEADS))))
    vis = np.array([d == "visual" for d in f["D"]])
    row.append("visual-only " + "/".join(f"{(p[vis, k].argmax(1) == y[vis]).mean():.2f}" for k in range(len(HEADS))))
    assigned = assign_layers(p, y)
    ag = specialisation_agreement(assigned, f["D"], n_boot=500)
    won = {d: sum(a == d for a, dd in zip(assigned, f["D"]) if dd == d) for d in HEADS}
    tot = {d: sum(dd == d for dd in f["D"]) for d in HEADS}
    print(f"{name}: agreement {ag.agreement:.3f} [{ag.ci[0]:.3f}, {ag.ci[1]:.3f}]; won by own head "
          + ", ".join(f"{d} {won[d]}/{tot[d]}" for d in HEADS) + f"\n   top-1 per head ({'/'.join(HEADS)}): " + "; ".join(row),
          flush=True)

report("committed heads", probs(model, test), test)
for seed in range(n_seeds):
    torch.manual_seed(seed)
    m = EventFusionNet(replace(c, change_heads=CENTRE)); m.audio, m.video = model.audio, model.video
    params = [p for n, p in m.named_parameters() if not n.startswith(("audio.", "video."))]
    opt = torch.optim.Adam(params, 1e-3, weight_decay=1e-4)
    N, best, best_state = len(train["Y"]), -1, None
    for ep in range(epochs):
        m.train(); perm = torch.randperm(N)
        for s in range(0, N, 32):
            b = perm[s:s + 32]
            out = m.fuse(train["A"][b], train["V"][b], train["O"][b], train["E"][b])
            loss = sum(head_losses(out, train["Y"][b]).values())
            opt.zero_grad(); loss.backward(); opt.step()
        pv = probs(m, val); acc = (pv.mean(1).argmax(1) == val["Y"].numpy()).mean()
        if acc > best or LAST: best, best_state, best_ep = acc, copy.deepcopy(m.state_dict()), ep
    m.load_state_dict(best_state)
    pt = probs(m, train); tr = [(pt[:, k].argmax(1) == train["Y"].numpy()).mean() for k in range(len(HEADS))]
    print(f"\nseed {seed}: best val ensemble {best:.3f} at epoch {best_ep}; train top-1 " + "/".join(f"{x:.2f}" for x in tr))
    report(f"  on its training clips", pt, train)
    report(f"new heads, seed {seed}", probs(m, test), test)
