"""Does the video trunk's frozen feature carry a second, unlabelled object? Two probes on the reference model's frozen
features, heard-and-seen (the stored audio presence × a refitted visual one) scored on a validation missing-labels
split (its two halves, threshold one → other, the data set's classes):

    python .ci/experiments/visual_mixtures_frozen.py REFERENCE_OUT VALSPLIT [CHECKPOINT]          (MODE=mixtures, default)
    MODE=places python .ci/experiments/visual_mixtures_frozen.py REFERENCE_OUT VALSPLIT [CHECKPOINT]

mixtures: the visual presence refitted (a) on the training clips as they are (what train_reference's refit does),
(b) on those plus two-object mixtures of two training clips labelled with both classes, made four ways: the mean of
the two clips' pooled trunk features V (feature mixup), their sum, the mean and the maximum of their frames (through
the trunk). places: the visual head's fusion layer applied at every place of the trunk's map M, a presence readout on
each, the max over places and the smooth max over steps; fitted on clips alone and with two-clip mosaics (the places
of both clips, max over all), against the pooled readout.

VALSPLIT: e.g. DIR/missing-labels_seed6 of `bench synthav-eval --data DIR --seed 6 --clips 480`. A probe with its own
fit (Adam, full batch, 200 epochs), not fit_readouts: it asks whether the frozen features carry the second object.
"""
import os, sys, numpy as np, torch, torch.nn as nn
from pathlib import Path
from avfusion_viz.train import load_model, _inputs
from avfusion_viz.data import FeatureCache, read_synthav, AVDataset, av_loader
from avfusion_viz.model import smooth_max, to_step_grid
from avfusion_viz.interpret import run_synthav, missing_label_truth, auroc
from avfusion_viz.evaluate import missing_label_scores
from _both_ways import both_ways
torch.set_num_threads(2); torch.manual_seed(0)
ref, val = Path(sys.argv[1]), Path(sys.argv[2])
model, classes = load_model(sys.argv[3] if len(sys.argv) > 3 else "data_samples/reference/reference.pt"); model.eval()
c = model.config; C = len(classes); cpu = torch.device("cpu")
def frames_of(folder, split, cache):
    idx = read_synthav(folder)
    ds = AVDataset(idx.split(split) if split else idx, seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                   unknown_labels="skip", cache=FeatureCache(cache))
    fr, lab, files = [], [], []
    for b in av_loader(ds, batch_size=16):
        f, _, _, _, l = _inputs(b, cpu, False); fr.append(f.float()); lab.append(l); files += [x for x, k in zip(b.files, b.label >= 0) if k]
    return torch.cat(fr), torch.cat(lab), files
head = model.heads["visual"]
def trunk(frames):
    with torch.no_grad():
        return torch.cat([to_step_grid(model.video(frames[i:i + 32])[1].float(), c.n_steps) for i in range(0, len(frames), 32)])
def places(frames):   # (N, T_v, L, 512): M at each place
    with torch.no_grad():
        return torch.cat([model.video(frames[i:i + 32])[0].float().flatten(3).permute(0, 2, 3, 1) for i in range(0, len(frames), 32)])
def hidden(V):
    with torch.no_grad(): return head.hidden(V)
F_tr, labels, _ = frames_of(ref / "data", "train", ref / "cache")
print("training clips", len(labels), tuple(F_tr.shape), flush=True)
V = trunk(F_tr); H = hidden(V); P = places(F_tr); HP = hidden(P)
print('places', tuple(P.shape), flush=True)
def pairs(k, seed):
    g = torch.Generator().manual_seed(seed)
    i = torch.randint(len(labels), (k,), generator=g); j = torch.randint(len(labels), (k,), generator=g)
    keep = labels[i] != labels[j]; i, j = i[keep], j[keep]
    y = torch.zeros(len(i), C); y[torch.arange(len(i)), labels[i]] = 1; y[torch.arange(len(i)), labels[j]] = 1
    return i, j, y
def onehot(l): y = torch.zeros(len(l), C); y[torch.arange(len(l)), l] = 1; return y
def fit(Hs, ys, r=1.0, epochs=200, wd=1e-4, placed=False):
    lin = nn.Linear(H.shape[-1], C); lin.load_state_dict(head.presence.state_dict())
    opt = torch.optim.Adam(lin.parameters(), 1e-2, weight_decay=wd)
    X, Y = torch.cat(Hs), torch.cat(ys)
    for e in range(epochs):
        z = lin(X).amax(2) if placed else lin(X)
        l = nn.functional.binary_cross_entropy_with_logits(smooth_max(z, r), Y, reduction="sum") / len(Y)
        opt.zero_grad(); l.backward(); opt.step()
    return lin
runs = {h: run_synthav(model, val, h, classes=classes, cache=FeatureCache(val / "cache"), progress=False) for h in ("train", "test")}
vH, vP = {}, {}
cand = np.isin(classes, read_synthav(val).classes)      # missing labels among the data set's own classes (bench's default)
def among(s): s = s.copy(); s[:, ~cand] = -np.inf; return s
for h in runs:
    f, _, files = frames_of(val, h, val / "cache")
    assert files == runs[h].files
    vH[h] = hidden(trunk(f)); vP[h] = hidden(places(f))
def score(lin, name, placed=False):
    res = {}
    for h, run in runs.items():
        with torch.no_grad(): seen = (lin(vP[h]).amax(2) if placed else lin(vH[h])).sigmoid().max(1).values.numpy()
        heard = run.audio_presence.max(1)
        s = among(missing_label_scores((heard * seen)[:, None], run.labels)); t, _ = missing_label_truth(run)
        res[h] = (s, t, among(missing_label_scores(seen[:, None], run.labels)))
    out = [f"{a}→{b} recall {r:.3f} (P {p:.2f}, {n}) AUROC {u:.3f}" for (a, b), (r, p, n, u) in
           zip((("train", "test"), ("test", "train")), both_ways({h: res[h][0] for h in res}, {h: res[h][1] for h in res}))]
    t = np.concatenate([res[h][1] for h in res]); ss = np.concatenate([res[h][2] for h in res]); fin = np.isfinite(ss)
    print(f"{name:34s}", " | ".join(out), f"| seen≥0.5 on {np.mean(ss[t] >= 0.5):.2f} of second sources, "
          f"seen-AUROC {auroc(ss[fin], t[fin]):.3f}", flush=True)
r = float(getattr(c, "presence_sharpness", 1.0))
if os.environ.get("MODE", "mixtures") == "mixtures":
    score(head.presence, "stored readout")
    score(fit([H], [onehot(labels)], r), "refit, clips only")
    i, j, y = pairs(2 * len(labels), 1)
    score(fit([H, hidden((V[i] + V[j]) / 2)], [onehot(labels), y], r), "refit + 2x feature mean")
    score(fit([H, hidden(V[i] + V[j])], [onehot(labels), y], r), "refit + 2x feature sum")
    Vb = trunk((F_tr[i] + F_tr[j]) / 2)
    score(fit([H, hidden(Vb)], [onehot(labels), y], r), "refit + 2x pixel blend")
    Vm = trunk(torch.maximum(F_tr[i], F_tr[j]))
    score(fit([H, hidden(Vm)], [onehot(labels), y], r), "refit + 2x pixel max")
else:
    score(fit([H], [onehot(labels)], r), "pooled, clips only")
    i, j, y = pairs(len(labels), 1)
    score(fit([H, hidden((V[i] + V[j]) / 2)], [onehot(labels), y], r), "pooled + 1x feature mean")
    score(fit([HP], [onehot(labels)], r, placed=True), "places, clips only", placed=True)
    score(fit([HP], [onehot(labels)], r, epochs=100, placed=True), "places, clips only, 100 epochs", placed=True)
    mosaic = torch.cat([HP[i], HP[j]], 2)                      # both clips' places: max over all of them
    lin = nn.Linear(H.shape[-1], C); lin.load_state_dict(head.presence.state_dict())
    opt = torch.optim.Adam(lin.parameters(), 1e-2, weight_decay=1e-4)
    Y1, Y2 = onehot(labels), y
    for e in range(200):
        l = (nn.functional.binary_cross_entropy_with_logits(smooth_max(lin(HP).amax(2), r), Y1, reduction="sum")
             + nn.functional.binary_cross_entropy_with_logits(smooth_max(lin(mosaic).amax(2), r), Y2, reduction="sum")) / (len(Y1) + len(Y2))
        opt.zero_grad(); l.backward(); opt.step()
    score(lin, "places + 1x mosaics", placed=True)
