"""Does the audio network's frozen per-step feature carry a second, unlabelled sound? Fit the audio presence readout
again on the reference model's frozen features, (a) on the training clips as they are (what train_reference's refit
does), (b) on those plus mixtures of two training clips' log-mels (power sum, the second at -6..0 dB) labelled with
both classes; score heard-and-seen on a validation missing-labels split (its two halves, threshold one → other).
    python .ci/experiments/mixtures_frozen.py REFERENCE_OUT VALSPLIT [CHECKPOINT]

VALSPLIT: e.g. DIR/missing-labels_seed6 of `bench synthav-eval --data DIR --seed 6 --clips 480`. A probe with its own
fit (Adam, full batch, 200 epochs), not fit_readouts: it asks whether the frozen features carry the second sound.
"""
import sys, math, numpy as np, torch, torch.nn as nn
from pathlib import Path
from avfusion_viz.train import load_model
from avfusion_viz.data import FeatureCache, read_synthav, AVDataset, av_loader
from avfusion_viz.model import smooth_max
from avfusion_viz.interpret import run_synthav, missing_label_truth, missing_label_scores, auroc
from _both_ways import both_ways
torch.set_num_threads(2); torch.manual_seed(0)
ref, val = Path(sys.argv[1]), Path(sys.argv[2])
model, classes = load_model(sys.argv[3] if len(sys.argv) > 3 else "data_samples/reference/reference.pt"); model.eval()
c = model.config; C = len(classes)
idx = read_synthav(ref / "data")
ds = AVDataset(idx.split("train") if hasattr(idx, "split") else idx, seconds=c.seconds, fps=c.fps, size=c.frame_size,
               classes=classes, unknown_labels="skip", cache=FeatureCache(ref / "cache"))
mels, labels = [], []
with torch.no_grad():
    for b in av_loader(ds, batch_size=16):
        mels.append(b.logmel.float()); labels.append(b.label)
mels, labels = torch.cat(mels), torch.cat(labels)
print("training clips", len(labels), mels.shape)
head = model.heads["audio"]
def hidden(m):
    with torch.no_grad():
        return torch.cat([head.hidden(model.audio(m[i:i + 32]).float()) for i in range(0, len(m), 32)])
H = hidden(mels)                                                     # (N, T, hidden)
def mixtures(k, seed):
    g = torch.Generator().manual_seed(seed)
    i = torch.randint(len(labels), (k,), generator=g); j = torch.randint(len(labels), (k,), generator=g)
    keep = labels[i] != labels[j]; i, j = i[keep], j[keep]
    gain = 10 ** (-torch.rand(len(i), generator=g) * 6 / 10)        # power gain of the second: -6..0 dB
    m = torch.log(mels[i].exp() + gain[:, None, None, None, None] * mels[j].exp())
    y = torch.zeros(len(i), C); y[torch.arange(len(i)), labels[i]] = 1; y[torch.arange(len(i)), labels[j]] = 1
    return hidden(m), y
def onehot(l): y = torch.zeros(len(l), C); y[torch.arange(len(l)), l] = 1; return y
def fit(Hs, ys, r=1.0, epochs=200, wd=1e-4, neg_w=1.0):
    lin = nn.Linear(H.shape[-1], C); lin.load_state_dict(head.presence.state_dict())
    opt = torch.optim.Adam(lin.parameters(), 1e-2, weight_decay=wd)
    X, Y = torch.cat(Hs), torch.cat(ys)
    for e in range(epochs):
        z = smooth_max(lin(X), r)
        w = torch.where(Y > 0, 1.0, neg_w)
        l = nn.functional.binary_cross_entropy_with_logits(z, Y, weight=w, reduction="sum") / len(Y)
        opt.zero_grad(); l.backward(); opt.step()
    return lin
runs = {h: run_synthav(model, val, h, classes=classes, cache=FeatureCache(val / "cache"), progress=False) for h in ("train", "test")}
vmel = {}
for h in runs:
    vi = read_synthav(val); vds = AVDataset(vi.split(h) if hasattr(vi, "split") else vi, seconds=c.seconds, fps=c.fps,
                                           size=c.frame_size, classes=classes, unknown_labels="skip", cache=FeatureCache(val / "cache"))
    ms, fs = [], []
    with torch.no_grad():
        for b in av_loader(vds, batch_size=16): ms.append(b.logmel.float()); fs += b.files
    assert fs == runs[h].files
    vmel[h] = hidden(torch.cat(ms))
def score(lin, name):
    res = {}
    for h, run in runs.items():
        with torch.no_grad(): heard = lin(vmel[h]).sigmoid().max(1).values.numpy()
        seen = run.visual_presence.max(1)
        s = missing_label_scores((heard * seen)[:, None], run.labels); t, _ = missing_label_truth(run)
        sh = missing_label_scores(heard[:, None], run.labels)
        res[h] = (s, t, sh)
    out = [f"{a}→{b} recall {r:.3f} (P {p:.2f}, {n}) AUROC {u:.3f}" for (a, b), (r, p, n, u) in
           zip((("train", "test"), ("test", "train")), both_ways({h: res[h][0] for h in res}, {h: res[h][1] for h in res}))]
    t = np.concatenate([res[h][1] for h in res]); sh = np.concatenate([res[h][2] for h in res])
    fin = np.isfinite(sh)
    hs = np.concatenate([res[h][2][res[h][1]] for h in res])
    print(f"{name:32s}", " | ".join(out), f"| heard≥0.5 on {np.mean(hs >= 0.5):.2f} of second sources, heard-AUROC {auroc(sh[fin], t[fin]):.3f}", flush=True)
score(head.presence, "stored readout")
r = c.presence_sharpness if hasattr(c, "presence_sharpness") else 1.0
score(fit([H], [onehot(labels)], r), "refit, clips only")
Hm, ym = mixtures(2 * len(labels), 1)
score(fit([H, Hm], [onehot(labels), ym], r), "refit, clips + 2x mixtures")
score(fit([H, Hm], [onehot(labels), ym], r, neg_w=0.3), "same, negatives x0.3")
score(fit([Hm], [ym], r), "mixtures only")
