"""Can the audio-visual similarity map localize when it is trained on a layer with more cells? A localization readout
fitted on the committed reference model's frozen features: new projections P_a' (audio step A_t) and P_v' (a VideoNet
block's map), trained with the model's InfoNCE (max over locations, τ = the model's, negatives from the other clips
of the batch: the LVS recipe), optionally with the same clip's other steps as extra negatives ("sync"). Trained on
the reference design's training clips (seed 0, what the model learnt from), scored on a validation split of the
localization design (seed 4; `bench synthav-eval` tests on seeds 1–3) by `localization.evaluate_localization`,
whose `similarity` row is then the new map.

    python .ci/experiments/av_layer.py LAYER {lvs,sync} [EPOCHS=20] [REF_DATA=/tmp/w/refdata] [VAL=/tmp/w/synthav_eval/localization_seed4]
env CKPT: the model whose frozen features are read (default: the committed reference model).
"""
import sys, time
from pathlib import Path
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import avfusion_viz.localization as L
from avfusion_viz.train import load_model
from avfusion_viz.data import FeatureCache, AVDataset, read_synthav, av_loader
from avfusion_viz.synthav import write_design
from avfusion_viz.model import frame_steps

torch.set_num_threads(2); torch.manual_seed(0)
layer, mode = sys.argv[1], sys.argv[2]
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
ref = Path(sys.argv[4] if len(sys.argv) > 4 else "/tmp/w/refdata")
val = Path(sys.argv[5] if len(sys.argv) > 5 else "/tmp/w/synthav_eval/localization_seed4")
import os
model, classes = load_model(os.environ.get("CKPT", "data_samples/reference/reference.pt"))
model.eval(); c = model.config
if not (ref / "synthav.json").is_file():
    write_design(ref, "reference", 960, seed=0, seconds=3.0, progress=True)
block = dict(model.named_modules())[layer]
grab = {}
hook = block.register_forward_hook(lambda m, i, o: grab.__setitem__("map", o))

def features(split):
    ds = AVDataset(read_synthav(ref).split(split), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                   cache=FeatureCache(ref / "cache"))
    A, V = [], []
    with torch.no_grad():
        for b in av_loader(ds, batch_size=16):
            out = model(b.frames, b.logmel, b.onset_mask)
            A.append(out.audio.float()); V.append(grab["map"].float())
    return torch.cat(A), torch.cat(V)      # (N, T, Da), (N, C, T_v, h, w)

t0 = time.perf_counter()
(A, V), (Av, Vv) = features("train"), features("val")
print(f"features: train {tuple(A.shape)} {tuple(V.shape)}, val {len(Av)} clips ({time.perf_counter() - t0:.0f} s)", flush=True)
steps = frame_steps(V.shape[2], A.shape[1])
pa, pv = nn.Linear(A.shape[-1], c.proj_dim), nn.Linear(V.shape[1], c.proj_dim)
opt = torch.optim.Adam([*pa.parameters(), *pv.parameters()], lr=1e-3, weight_decay=1e-4)
tau = c.contrastive_temperature

def logits(a, v):   # a (B, T_v, Da), v (B, C, T_v, h, w) → (T_v, B, B): clip b's sound vs clip b''s frame
    a = F.normalize(pa(a), dim=-1)
    v = F.normalize(pv(v.permute(0, 2, 3, 4, 1)), dim=-1)
    return torch.einsum("bkp,ckijp->kbcij", a, v).flatten(3).amax(-1) / tau

def sync_logits(a, v):  # (B, T_v, T_v): frame k of clip b vs the sound of every step of the same clip
    a = F.normalize(pa(a), dim=-1)
    v = F.normalize(pv(v.permute(0, 2, 3, 4, 1)), dim=-1)
    return torch.einsum("bsp,bkijp->bksij", a, v).flatten(3).amax(-1) / tau

def loss(a, v):
    Lg = logits(a, v); own = torch.arange(Lg.shape[1]).repeat(Lg.shape[0])
    out = F.cross_entropy(Lg.reshape(-1, Lg.shape[-1]), own)
    if mode == "sync":
        Ls = sync_logits(a, v); k = torch.arange(Ls.shape[1]).repeat(Ls.shape[0])
        out = out + F.cross_entropy(Ls.reshape(-1, Ls.shape[-1]), k)
    return out

for ep in range(epochs):
    perm, tot = torch.randperm(len(A)), []
    for j in range(0, len(A), 16):
        i = perm[j:j + 16]
        l = loss(A[i][:, steps], V[i]); opt.zero_grad(); l.backward(); opt.step(); tot.append(l.item())
    with torch.no_grad(): lv = loss(Av[:, steps], Vv).item()
    print(f"epoch {ep + 1}: train {np.mean(tot):.3f}, val {lv:.3f}", flush=True)

def new_similarity(model_, output, size=None, upsample=True):
    with torch.no_grad():
        M = grab["map"].float()                                   # the block's map from the same forward
        B, _, T_v, h, w = M.shape
        a = pa(output.audio.float())[:, frame_steps(T_v, output.audio.shape[1])]
        v = pv(M.permute(0, 2, 3, 4, 1))
        sim = F.cosine_similarity(a[:, :, None, None], v, dim=-1)
        size = size or model.config.frame_size
        return F.interpolate(sim.reshape(B * T_v, 1, h, w), (size, size), mode="bilinear",
                             align_corners=False).reshape(B, T_v, size, size)

old = L.evaluate_localization(model, val, split=None, classes=classes, head="visual", layer="video.layer2",
                              cache=FeatureCache(val / "cache"), control_head=None)
L.similarity_maps = new_similarity
new = L.evaluate_localization(model, val, split=None, classes=classes, head="visual", layer="video.layer2",
                              cache=FeatureCache(val / "cache"), control_head=None)
for name, s in (("committed similarity map (layer4)", old.scores["similarity"]), (f"new map at {layer} ({mode})", new.scores["similarity"]),
                ("Grad-CAM visual layer2", old.scores["gradcam"]), ("centre", old.scores["centre"]), ("random", old.scores["random"])):
    print(f"{name:<36} pointing {s.pointing:.3f}  twin {s.twin:.3f}  AUC {s.auc:.3f}  cIoU {s.ciou:.3f}")
