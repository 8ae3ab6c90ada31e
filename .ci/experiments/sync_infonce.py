"""A prototype, before it goes into the package: the reference recipe with one more term in its audio-visual InfoNCE —
for every frame, the sound of the *same clip's other steps* as negatives (the positive: the step the frame falls in),
with the max over locations, the model's τ and projections. The plain InfoNCE (negatives from other clips) teaches
*which* sound goes with a picture; this term teaches *when*, which is what tells a sounding object from its silent
twin (`localization.timing_map`, no learning, wins 0.76–0.83 of the twin frames). The term is added inside the
contrastive loss: contrastive = InfoNCE(clips) + SYNC × InfoNCE(steps of the clip), weighted by
`contrastive_weight` as before. The video trunk pretrained by the reference recipe is reused from OUT (copy
video_pretrain.pt/.json, data/, objects/ and cache/ there first to skip those stages).

    python .ci/experiments/sync_infonce.py OUT SYNC          # then: gradcam_choice.py OUT/reference.pt … / bench synthav-eval
"""
import sys
import torch, torch.nn.functional as F
import avfusion_viz.model as M
from avfusion_viz.demo import train_reference, ReferenceSettings

out, w_sync = sys.argv[1], float(sys.argv[2])
torch.set_num_threads(2)
current = {}
_init = M.EventFusionNet.__init__
def init(self, *a, **k):
    _init(self, *a, **k); current["model"] = self
M.EventFusionNet.__init__ = init
_readout_losses = M.readout_losses

def sync_loss(model, audio, visual_map):   # (B, T_v, T_v) logits: frame k vs the steps of its own clip → CE to k
    B, _, T_v, h, w = visual_map.shape
    a = F.normalize(model.project_audio(audio).float(), dim=-1)[:, M.frame_steps(T_v, audio.shape[1]).to(audio.device)]
    v = F.normalize(model.project_visual(visual_map.permute(0, 2, 3, 4, 1)).float(), dim=-1)   # (B, T_v, h, w, p)
    L = torch.einsum("bsp,bkijp->bksij", a, v).flatten(3).amax(-1) / model.config.contrastive_temperature
    return F.cross_entropy(L.reshape(-1, T_v), torch.arange(T_v, device=L.device).repeat(B))

def readout_losses(output, target, *a, **k):
    out_ = _readout_losses(output, target, *a, **k)
    if "contrastive" in out_ and w_sync > 0:
        out_["contrastive"] = out_["contrastive"] + w_sync * sync_loss(current["model"], output.audio, output.visual_map)
    return out_
M.readout_losses = readout_losses

res = train_reference(out, ReferenceSettings(then_fps=None), verbose=True)   # one stage, as when it was measured
print(res.metrics); print(res.seconds)
