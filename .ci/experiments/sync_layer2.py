"""A prototype, before it goes into the package: can the video trunk learn *when* its sprites move, if an audio-visual
InfoNCE asks for it at a block with spatial resolution? The second stage of the reference recipe (5 epochs at 10
frames/s from the first stage's weights, as `train_reference` with `then_fps=10` trains it), with the model's InfoNCE
replaced by one on `video.layer2` (8 × 8 cells at 32 px; the model's own map is `layer4`, 2 × 2): new projections
P_a' (audio step A_t) and P_v' (the layer2 map), max over locations, the model's τ; negatives from the batch's other
clips (which sound goes with this picture: LVS) plus the same clip's other steps (when: the silent twin needs it),
weighted W (the model's `contrastive_weight`). Only the weights train here: no readout refit, label prior, temperatures
or confidence maps (they do not move the maps). Then the layer2 map is scored on the validation split of the
localization design (seed 4; the test seeds are never used here), beside the model's Grad-CAM and the controls.

    python .ci/experiments/sync_layer2.py OUT START W [EPOCHS=5] [VAL=/tmp/w/s20/val4/localization_seed4]
START: the first stage (`git show 3dd608c:data_samples/reference/reference.pt > first_stage.pt`); OUT/data may hold
the reference design already (seed 0, 960 clips, 3 s, with its reference_settings.json stamp).
"""
import sys, json, time
from pathlib import Path
import torch, torch.nn as nn, torch.nn.functional as F
import avfusion_viz.model as M
import avfusion_viz.localization as L
from avfusion_viz.demo import ReferenceSettings, train_reference

out, start, w = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
val = Path(sys.argv[5] if len(sys.argv) > 5 else "/tmp/w/s20/val4/localization_seed4")
torch.set_num_threads(2)
current = {}
_init = M.EventFusionNet.__init__

def init(self, *a, **k):   # two more projections, named so that a start without them begins them fresh
    _init(self, *a, **k)
    c = self.config
    self.sync_l2 = nn.ModuleDict({"presence": nn.ModuleDict({"pa": nn.Linear(c.audio_dim, c.proj_dim),
                                                            "pv": nn.Linear(128, c.proj_dim)})})
    self.video.layer2.register_forward_hook(lambda m, i, o: current.__setitem__("map", o))
    current["model"] = self
M.EventFusionNet.__init__ = init

def l2_logits(model, audio, vmap):
    "lvs (T_v, B, B): clip b's sound at frame k's step vs clip c's frame k; sync (B, T_v, T_v): frame k vs the clip's steps."
    p = model.sync_l2["presence"]
    T_v = vmap.shape[2]
    a = F.normalize(p["pa"](audio.float()), dim=-1)[:, M.frame_steps(T_v, audio.shape[1]).to(audio.device)]
    v = F.normalize(p["pv"](vmap.float().permute(0, 2, 3, 4, 1)), dim=-1)          # (B, T_v, h, w, p)
    tau = model.config.contrastive_temperature
    lvs = torch.einsum("bkp,ckijp->kbcij", a, v).flatten(3).amax(-1) / tau
    sync = torch.einsum("bsp,bkijp->bksij", a, v).flatten(3).amax(-1) / tau
    return lvs, sync

_readout_losses = M.readout_losses
def readout_losses(output, target, *a, **k):
    parts = _readout_losses(output, target, *a, **k)
    if "contrastive" in parts and "map" in current:      # replaced: the layer2 InfoNCE, clips and steps
        lvs, sync = l2_logits(current["model"], output.audio, current["map"])
        T_v, B = lvs.shape[0], lvs.shape[1]
        parts["contrastive"] = (F.cross_entropy(lvs.reshape(-1, B), torch.arange(B, device=lvs.device).repeat(T_v))
                                + F.cross_entropy(sync.reshape(-1, T_v), torch.arange(T_v, device=lvs.device).repeat(B)))
    return parts
M.readout_losses = readout_losses

s = ReferenceSettings(fps=10, epochs=epochs, init_from=start, video_pretrain_steps=0, then_fps=None,
                      contrastive_weight=w, refit_readouts=False, label_prior_eps=0.0, calibrate=False, confidence_maps=0)
t = time.time()
res = train_reference(out, s, verbose=True)
print(json.dumps(res.metrics, default=str), "seconds", round(time.time() - t), flush=True)

from avfusion_viz.train import load_model
from avfusion_viz.data import FeatureCache
model, classes = load_model(res.checkpoint); model.eval()

def l2_similarity(model_, output, size=None, upsample=True):   # the layer2 map of the same forward
    with torch.no_grad():
        vmap = current["map"].float(); B, _, T_v, h, w_ = vmap.shape
        p = model.sync_l2["presence"]
        a = p["pa"](output.audio.float())[:, M.frame_steps(T_v, output.audio.shape[1])]
        v = p["pv"](vmap.permute(0, 2, 3, 4, 1))
        sim = F.cosine_similarity(a[:, :, None, None], v, dim=-1)
        size = size or model.config.frame_size
        return F.interpolate(sim.reshape(B * T_v, 1, h, w_), (size, size), mode="bilinear",
                             align_corners=False).reshape(B, T_v, size, size)

L.similarity_maps = l2_similarity
r = L.evaluate_localization(model, val, split=None, classes=classes, head="visual", layer="video.layer2",
                            cache=FeatureCache(val / "cache"), control_head=None)
for name in ("similarity", "gradcam", "motion", "timing", "centre", "random"):
    sc = r.scores[name]
    print(f"{name:<11} pointing {sc.pointing:.3f}  twin {sc.twin:.3f}  AUC {sc.auc:.3f}", flush=True)
print("(similarity: the layer2 map trained here)")
