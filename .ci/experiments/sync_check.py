"""Does a checkpoint tell *when* within a clip? The in-clip InfoNCE of `sync_infonce.py` measured on the reference
design's validation clips (first 64): each frame's max-over-locations similarity to every step of its own clip, the
cross-entropy to its own step (chance: ln T_v) and how often its own step scores highest (chance 1 / T_v).

    python .ci/experiments/sync_check.py CHECKPOINT [DATA=/tmp/w/ref_sync]     # DATA: a reference_out folder (data/, cache/)
"""
import sys, torch, torch.nn.functional as F
import avfusion_viz.model as M
from avfusion_viz.train import load_model
from avfusion_viz.data import AVDataset, read_synthav, av_loader, FeatureCache
torch.set_num_threads(1)
root = sys.argv[2] if len(sys.argv) > 2 else "/tmp/w/ref_sync"
model, classes = load_model(sys.argv[1]); model.eval(); c = model.config
ds = AVDataset(read_synthav(f"{root}/data").split("val"), seconds=c.seconds, fps=c.fps, size=c.frame_size,
               classes=classes, cache=FeatureCache(f"{root}/cache"))
tot, n, acc = 0, 0, 0
with torch.no_grad():
    for j, b in enumerate(av_loader(ds, batch_size=16)):
        o = model(b.frames, b.logmel, b.onset_mask)
        A, V = o.audio, o.visual_map; B, _, T_v, h, w = V.shape
        a = F.normalize(model.project_audio(A).float(), dim=-1)[:, M.frame_steps(T_v, A.shape[1])]
        v = F.normalize(model.project_visual(V.permute(0, 2, 3, 4, 1)).float(), dim=-1)
        L = torch.einsum("bsp,bkijp->bksij", a, v).flatten(3).amax(-1) / c.contrastive_temperature
        tgt = torch.arange(T_v).repeat(B)
        tot += F.cross_entropy(L.reshape(-1, T_v), tgt, reduction="sum").item(); n += B * T_v
        acc += (L.reshape(-1, T_v).argmax(1) == tgt).sum().item()
        if j >= 3: break
print(f"sync InfoNCE on val: {tot / n:.3f} (chance ln {T_v} = {torch.log(torch.tensor(float(T_v))):.3f}); frame→own step top-1 {acc / n:.3f} (chance {1 / T_v:.3f})")
