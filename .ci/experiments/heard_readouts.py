"""Can another audio presence readout hear the second source? Readouts fitted on the committed model's frozen audio
features of the reference design's training clips plus two mixtures per clip (two clips' log-mels, power sum, the second
at -6..0 dB, labelled with both classes; as `fit_readouts(audio_mixtures=2)`), then scored as `bench synthav-eval`
scores missing labels: heard over its own label prior (refitted from the readout on the training clips) + 0.1 × seen
over the stored prior + 0.1, the data set's classes, threshold from one half of a validation split, both ways.
MODE head: the audio head's 128-d per-step features (what the presence readout reads): the stored readout, a linear
refit, a two-layer readout (256 hidden units). MODE mid: mid-level features, the input patches of AudioNet's conv7
(maxpool6's 64 channels × 4 time × 4 frequency cells per 0.1 s step, 1 024-d, standardised), linear readouts.
Printed beside: recall without the heard prior, with the heard prior taken from the split's half the threshold is
chosen on (the readout's own training clips are fitted too well to show what it says on new clips), the share of second sources heard at p ≥ 0.5, and how well heard ranks
the truly audible non-label classes (second sources and off-screen sounds) above the others (AUROC).
    python .ci/experiments/heard_readouts.py REFERENCE_OUT SPLIT head|mid [CHECKPOINT]
REFERENCE_OUT holds data/ (the reference design, seed 0) and cache/; SPLIT e.g. DIR/missing-labels_seed6.
"""
import sys, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
from pathlib import Path
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.data import FeatureCache, read_synthav, AVDataset, av_loader
from avfusion_viz.model import smooth_max
from avfusion_viz.interpret import (run_synthav, missing_label_truth, missing_label_scores, LabelPrior, _label_means,
                                    _class_matrix, auroc)
from _both_ways import both_ways
torch.set_num_threads(2); torch.manual_seed(0)
ref, val, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
ck = sys.argv[4] if len(sys.argv) > 4 else "data_samples/reference/reference.pt"
model, classes = load_model(ck); model.eval(); prior = LabelPrior.from_dict(load_checkpoint(ck).data["label_prior"])
c, C = model.config, len(classes)
cands = np.isin(classes, read_synthav(val).classes)
def mels_of(folder, split, cache):
    ds = AVDataset(read_synthav(folder).split(split), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                   unknown_labels="skip", cache=FeatureCache(cache))
    ms, ls, fs = [], [], []
    with torch.no_grad():
        for b in av_loader(ds, batch_size=16): ms.append(b.logmel.float()); ls.append(b.label); fs += b.files
    return torch.cat(ms), torch.cat(ls), fs
head, L = model.heads["audio"], model.audio.layers
stop = list(dict(L.named_children())).index("maxpool6")
def features(m):   # (N, steps, D)
    out = []
    with torch.no_grad():
        for i in range(0, len(m), 32):
            x = m[i:i + 32]
            if mode == "head": out.append(head.hidden(model.audio(x).float())); continue
            for k, mod in enumerate(L.children()):
                x = mod(x)
                if k == stop: break
            B, Ch, S, T, Fq = x.shape                                   # (B, 64, S, 11, 4)
            p = F.pad(x, (0, 0, 1, 1)).unfold(3, 4, 1)[:, :, :, :10]    # conv7's 4-step windows, its time padding
            out.append(p.permute(0, 2, 3, 1, 4, 5).reshape(B, S * 10, -1).half())
    return torch.cat(out)
mels, labels, _ = mels_of(ref / "data", "train", ref / "cache")
g = torch.Generator().manual_seed(1)
i, j = torch.randint(len(labels), (2 * len(labels),), generator=g), torch.randint(len(labels), (2 * len(labels),), generator=g)
keep = labels[i] != labels[j]; i, j = i[keep], j[keep]
gain = 10 ** (-torch.rand(len(i), generator=g) * 6 / 10)
ym = torch.zeros(len(i), C); ym[torch.arange(len(i)), labels[i]] = 1; ym[torch.arange(len(i)), labels[j]] = 1
Xc = features(mels)
X = torch.cat([Xc, features(torch.log(mels[i].exp() + gain[:, None, None, None, None] * mels[j].exp()))])
Y = torch.cat([F.one_hot(labels, C).float(), ym])
mu, sd = (X.float().mean((0, 1)), X.float().std((0, 1)) + 1e-3) if mode == "mid" else (0.0, 1.0)
runs = {h: run_synthav(model, val, h, classes=classes, cache=FeatureCache(val / "cache"), progress=False) for h in ("train", "test")}
vx = {}
for h in runs:
    m, _, fs = mels_of(val, h, val / "cache"); assert fs == runs[h].files; vx[h] = features(m)
def fit(net, epochs, wd, lr, batch):
    opt = torch.optim.Adam(net.parameters(), lr, weight_decay=wd)
    gg = torch.Generator().manual_seed(0)
    for e in range(epochs):
        net.train()
        for b in torch.randperm(len(X), generator=gg).split(batch):
            l = F.binary_cross_entropy_with_logits(smooth_max(net((X[b].float() - mu) / sd), c.presence_sharpness), Y[b])
            opt.zero_grad(); l.backward(); opt.step()
    return net.eval()
def heard_of(net, x):
    with torch.no_grad(): return torch.cat([net((x[k:k + 128].float() - mu) / sd).sigmoid().max(1).values for k in range(0, len(x), 128)]).numpy()
def score(net, name):
    Hp = _label_means(labels.numpy(), heard_of(net, Xc), C)
    rs, rs2, rt, hs, hp, ht = {}, {}, {}, [], [], []
    for h, run in runs.items():
        heard, seen, y = heard_of(net, vx[h]), run.visual_presence.max(1), run.labels
        s = missing_label_scores((heard / (Hp[y] + 0.1) * seen / (prior.seen[y] + 0.1))[:, None], y)
        s2 = missing_label_scores((heard * seen / (prior.seen[y] + 0.1))[:, None], y)
        rs[h], rs2[h] = np.where(cands[None], s, -np.inf), np.where(cands[None], s2, -np.inf)
        rt[h] = missing_label_truth(run)[0]; hs.append(heard[rt[h]])
        aud = rt[h] | _class_matrix(run, lambda sd_: [d["label"] for d in sd_.get("distractors") or [] if d.get("role") == "audio distractor"])
        ok = cands[None] & (np.arange(C)[None] != y[:, None]); hp.append(heard[ok]); ht.append(aud[ok])
    out = [f"{a}→{b} {r:.3f} (P {p:.2f})" for (a, b), (r, p, _, _) in zip((("train", "test"), ("test", "train")), both_ways(rs, rt))]
    cross = []                                        # the heard prior taken from the half the threshold is chosen on
    for a, b in (("train", "test"), ("test", "train")):
        ha = heard_of(net, vx[a]); Hv = _label_means(runs[a].labels, ha, C)
        def sc(h):
            heard, seen, y = heard_of(net, vx[h]), runs[h].visual_presence.max(1), runs[h].labels
            return np.where(cands[None], missing_label_scores((heard / (Hv[y] + 0.1) * seen / (prior.seen[y] + 0.1))[:, None], y), -np.inf)
        r, p, _, _ = both_ways({"train": sc(a), "test": sc(b)}, {"train": rt[a], "test": rt[b]})[0]
        cross.append(f"{r:.3f} (P {p:.2f})")
    out2 = [f"{r:.3f} (P {p:.2f})" for (r, p, _, _) in both_ways(rs2, rt)]
    print(f"{name:30s} recall", " | ".join(out), "| without the heard prior", " / ".join(out2),
          "| heard prior from the threshold's half", " / ".join(cross),
          f"| heard ≥ 0.5 on {np.mean(np.concatenate(hs) >= 0.5):.2f} of second sources, audible-AUROC "
          f"{auroc(np.concatenate(hp), np.concatenate(ht)):.3f}", flush=True)
if mode == "head":
    score(head.presence, "stored readout")
    lin = nn.Linear(X.shape[-1], C); lin.load_state_dict(head.presence.state_dict())
    score(fit(lin, 300, 1e-4, 1e-2, 512), "linear refit")
    score(fit(nn.Sequential(nn.Linear(X.shape[-1], 256), nn.ReLU(), nn.Linear(256, C)), 300, 1e-4, 1e-2, 512), "two layers, 256 hidden")
else:
    for ep, wd in ((5, 1e-2), (20, 1e-3)):
        score(fit(nn.Linear(X.shape[-1], C), ep, wd, 1e-3, 256), f"mid-level linear, {ep} epochs, wd {wd}")
