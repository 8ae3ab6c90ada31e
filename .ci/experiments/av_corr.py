"""Can a *learned* timing map find the sounding twin? The timing map (`localization.timing_map`, no learning) correlates
each pixel's brightness change with the sound's onset strength over the clip and scores the silent-twin test at
0.69–0.78; per-step InfoNCE readouts (`av_layer.py`, `sync_layer2.py`) stayed at chance. This readout keeps the timing
map's form and learns its two parts on the committed reference model's frozen features:

    m(t, i, j) = MLP_v(f_t(i, j), f_t(i, j) - f_{t-1}(i, j))  ≥ 0   (f: a VideoNet block's map; "is something happening here")
    a(t)       = MLP_a(A_t)                                    ≥ 0   (A: the model's audio step embedding; AUDIO=onset:
                                                                      the onset strength instead, not learnt; AUDIO=both: the sum)
    r(i, j)    = Pearson correlation over the clip's frames of m(·, i, j) and a(·)

trained with an InfoNCE over the batch (LVS's recipe with r's max over locations as the pair score, τ = TAU): clip b's
picture against every clip's sound, and against its own sound shifted in time by at least 3 frames (so the score must
depend on *when*, not only on *what*). Trained on the reference design's training clips (seed 0, what the model learnt
from), scored on a validation split of the localization design (seed 4; the test seeds are 1–3 and 8) by
`localization.evaluate_localization`, whose `similarity` row is then the new map (one map per clip, like the timing map;
WINDOW > 0: a correlation over a Gaussian window of that many seconds around each frame instead, so a moving object is
followed).

    python .ci/experiments/av_corr.py [LAYER=video.layer1] [EPOCHS=15] [REF_DATA] [VAL]
env EXTRA (FOLDER:N: more training clips, the first N of FOLDER's train split; EXTRA_FEATURES caches them), CKPT (default: the committed model), AUDIO (embedding | onset | both), FEATURES (a file caching them), TAU (0.1), WINDOW (0: the whole clip), SHIFTS (1: use
    the shifted-sound negatives; 0: other clips only), HIDDEN (32)
"""
import os, sys, time
from pathlib import Path
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import avfusion_viz.localization as L
from avfusion_viz.train import load_model
from avfusion_viz.data import FeatureCache, AVDataset, read_synthav, av_loader
from avfusion_viz.model import frame_steps

torch.set_num_threads(2); torch.manual_seed(int(os.environ.get("SEED", 0)))
layer = sys.argv[1] if len(sys.argv) > 1 else "video.layer1"
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
ref = Path(sys.argv[3] if len(sys.argv) > 3 else "/tmp/w/s20/f10/data")
val = Path(sys.argv[4] if len(sys.argv) > 4 else "/tmp/w/s20/val4/localization_seed4")
AUDIO, TAU = os.environ.get("AUDIO", "embedding"), float(os.environ.get("TAU", 0.1))
WINDOW, SHIFTS, HIDDEN = float(os.environ.get("WINDOW", 0)), os.environ.get("SHIFTS", "1") == "1", int(os.environ.get("HIDDEN", 32))
model, classes = load_model(os.environ.get("CKPT", "data_samples/reference/reference.pt"))
model.eval(); c = model.config
block = dict(model.named_modules())[layer]
grab = {}
block.register_forward_hook(lambda m, i, o: grab.__setitem__("map", o))

def features(split, folder=None, limit=None):
    folder = folder or ref
    index = read_synthav(folder).split(split)
    if limit: index = type(index)(index.samples[:limit], index.classes, index.name, index.path, index.root, index.seconds)
    ds = AVDataset(index, seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes, unknown_labels="skip",
                   cache=FeatureCache(folder / "cache"))
    A, O, V = [], [], []
    with torch.no_grad():
        for b in av_loader(ds, batch_size=16):
            out = model(b.frames, b.logmel, b.onset_mask)
            A.append(out.audio.float()); O.append(L.frame_onsets(b.onset_envelope, c.n_frames))
            V.append(grab["map"].half())
    return torch.cat(A), torch.cat(O), torch.cat(V)      # (N, T, Da), (N, T_v), (N, C, T_v, h, w)

t0, c0 = time.perf_counter(), time.process_time()
saved = os.environ.get("FEATURES")   # a file to keep the frozen features in between runs
if saved and Path(saved).is_file(): (A, O, V), (Av, Ov, Vv) = torch.load(saved)
else:
    (A, O, V), (Av, Ov, Vv) = features("train"), features("val")
    if saved: torch.save(((A, O, V), (Av, Ov, Vv)), saved)
if os.environ.get("EXTRA"):   # more clips to learn from, no labels used: FOLDER:N (its train split's first N clips)
    folder, n = os.environ["EXTRA"].rsplit(":", 1)
    xs = os.environ.get("EXTRA_FEATURES")
    if xs and Path(xs).is_file(): Ax, Ox, Vx = torch.load(xs)
    else:
        Ax, Ox, Vx = features("train", Path(folder), int(n))
        if xs: torch.save((Ax, Ox, Vx), xs)
    A, O, V = torch.cat([A, Ax]), torch.cat([O, Ox]), torch.cat([V, Vx])
    print(f"with {len(Ax)} more clips from {folder}: {len(A)} to learn from", flush=True)
print(f"features: train {tuple(A.shape)} {tuple(V.shape)}, val {len(Av)} clips "
      f"({time.perf_counter() - t0:.0f} s wall, {time.process_time() - c0:.0f} s CPU)", flush=True)
steps = frame_steps(V.shape[2], A.shape[1])
C = V.shape[1]
ENSEMBLE = int(os.environ.get("ENSEMBLE", 1))   # detectors trained from seeds SEED, SEED + 1, …; their maps averaged
members = []

def motion(v):        # (B, C, T, h, w) → (B, T, h, w)
    v = v.float().permute(0, 2, 3, 4, 1)
    d = torch.cat([torch.zeros_like(v[:, :1]), v[:, 1:] - v[:, :-1]], 1)
    return mv(torch.cat([v, d], -1))[..., 0]

def sound(a, o):      # (B, T_steps, Da), (B, T_v) → (B, T_v)
    if AUDIO == "onset": return o
    return ma(a[:, steps])[..., 0] + (o if AUDIO == "both" else 0)

def centred(x, dim):  # zero mean, unit norm over `dim`
    x = x - x.mean(dim, keepdim=True)
    return x / x.norm(dim=dim, keepdim=True).clamp_min(1e-6)

def pair_scores(m, s):   # m (B, T, h, w), s (K, T) → (B, K): max over locations of the correlation of m_b and s_k
    return torch.einsum("btij,kt->bkij", centred(m, 1), centred(s, 1)).flatten(2).amax(-1)

def shifted(s):   # (B, T) → (B, n, T): each sound circularly shifted by 3 … T-3 frames
    T = s.shape[1]
    return torch.stack([torch.roll(s, k, 1) for k in range(3, T - 2, 3)], 1)

def loss(a, o, v):
    m, s = motion(v), sound(a, o)
    S = pair_scores(m, s) / TAU                           # (B, B)
    own = torch.arange(len(S))
    out = F.cross_entropy(S, own) + F.cross_entropy(S.T, own)
    if SHIFTS:
        sh = shifted(s)                                   # (B, n, T)
        Ssh = torch.einsum("btij,bnt->bnij", centred(m, 1), centred(sh, 2)).flatten(2).amax(-1) / TAU
        z = torch.cat([S.diagonal()[:, None], Ssh], 1)
        out = out + F.cross_entropy(z, torch.zeros(len(z), dtype=torch.long))
    return out

for member in range(ENSEMBLE):
  torch.manual_seed(int(os.environ.get("SEED", 0)) + member)
  mv = nn.Sequential(nn.Linear(2 * C, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 1), nn.Softplus())
  ma = nn.Sequential(nn.Linear(A.shape[-1], HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 1), nn.Softplus())
  params = [*mv.parameters()] + ([*ma.parameters()] if AUDIO != "onset" else [])
  opt = torch.optim.Adam(params, lr=1e-3, weight_decay=1e-4)
  for ep in range(epochs):
    perm, tot = torch.randperm(len(A)), []
    for j in range(0, len(A), 32):
        i = perm[j:j + 32]
        l = loss(A[i], O[i], V[i]); opt.zero_grad(); l.backward(); opt.step(); tot.append(l.item())
    with torch.no_grad(): lv = np.mean([loss(Av[j:j + 32], Ov[j:j + 32], Vv[j:j + 32]).item() for j in range(0, len(Av) - 31, 32)])
    print(f"member {member}, epoch {ep + 1}: train {np.mean(tot):.3f}, val {lv:.3f}", flush=True)
  members.append((mv, ma))

def corr_map(m, s):   # (B, T, h, w), (B, T) → (B, T, h, w): correlation over the clip, or over a window around each frame
    if WINDOW <= 0: return torch.einsum("btij,bt->bij", centred(m, 1), centred(s, 1))[:, None].expand_as(m)
    T = m.shape[1]; t = torch.arange(T, dtype=torch.float32) / c.fps
    w = torch.exp(-0.5 * ((t[:, None] - t[None]) / WINDOW) ** 2)            # (T frame, T window)
    w = w / w.sum(1, keepdim=True)
    mu_m, mu_s = torch.einsum("kt,btij->bkij", w, m), w @ s.T                # (B, T, h, w), (T, B)
    mu_s = mu_s.T
    cov = torch.einsum("kt,btij,bt->bkij", w, m, s) - mu_m * mu_s[:, :, None, None]
    var_m = torch.einsum("kt,btij->bkij", w, m * m) - mu_m ** 2
    var_s = (w @ (s * s).T).T - mu_s ** 2
    return cov / (var_m.clamp_min(1e-9) * var_s[:, :, None, None].clamp_min(1e-9)).sqrt()

def new_similarity(model_, output, size=None, upsample=True):
    with torch.no_grad():
        v = grab["map"]
        rs = []
        for mv_, ma_ in members:
            globals()["mv"] = mv_
            m = motion(v)
            s = grab["onset"] if AUDIO == "onset" else \
                ma_(output.audio.float()[:, frame_steps(v.shape[2], output.audio.shape[1])])[..., 0] + (grab["onset"] if AUDIO == "both" else 0)
            rs.append(corr_map(m, s))
        r = torch.stack(rs).mean(0)
        B, T, h, w = r.shape
        size = size or c.frame_size
        return F.interpolate(r.reshape(B * T, 1, h, w), (size, size), mode="bilinear", align_corners=False).reshape(B, T, size, size)

import avfusion_viz.data as D
_loader = D.av_loader
def _stash_onsets(*a, **k):   # evaluate_localization's batches: keep each one's onset strength for the map (AUDIO=onset)
    for b in _loader(*a, **k):
        grab["onset"] = L.frame_onsets(b.onset_envelope, c.n_frames); yield b
D.av_loader = _stash_onsets

L.similarity_maps = new_similarity
for where in [(val, os.environ.get("SPLIT") or None)] + [(Path(x.split(":")[0]), (x.split(":") + [None])[1] or None)
                                                         for x in os.environ.get("ALSO", "").split(",") if x]:
    t1 = time.perf_counter()   # ALSO=FOLDER[:SPLIT],…: more validation splits scored with the same map
    tab = L.evaluate_localization(model, where[0], split=where[1], classes=classes, head="visual", layer="video.layer2",
                                  cache=FeatureCache(where[0] / "cache"), control_head=None)
    print(f"{where[0]} ({where[1] or 'all'}): scored {tab.clips} clips ({time.perf_counter() - t1:.0f} s)")
    for name, s in ((f"learned timing map at {layer} (window {WINDOW} s)", tab.scores["similarity"]),
                    ("timing map (no learning)", tab.scores["timing"]), ("motion map", tab.scores["motion"]),
                    ("Grad-CAM visual layer2", tab.scores["gradcam"]), ("centre", tab.scores["centre"]), ("random", tab.scores["random"])):
        print(f"{name:<44} pointing {s.pointing:.3f}  twin {s.twin:.3f}  AUC {s.auc:.3f}  cIoU {s.ciou:.3f}")
