"""A candidate reference model: the committed one with `ModelConfig.change_heads` (CHANGE, default all three: the
onset, instant and continuous heads read V_t less its clip mean) and those three heads trained again, from scratch, on
its frozen features; the trunk, the visual and audio heads with their readouts, the projections (s_t, the similarity
map), the sync map and the label prior are kept. Trained on the reference design's `train` split (seed 0) plus the `train` split of EXTRA
folders (the specialisation design at seed 0: the sync pairs need more clips than the reference design's 28 per
class, `heads_frozen.py`); the epoch is chosen on the reference design's `val` split (ensemble top-1); loss: the
model's own (the heads' cross-entropies and their one-vs-rest BCE). Temperatures fitted again on that `val` split.
The confidence maps, missing-label combiner and threshold are left out: fit them with
`bench synthav-calibrate --checkpoint OUT.pt` (a validation seed) before scoring.

    [FEATURES=DIR] [CHANGE=onset,instant] python .ci/experiments/event_change_heads.py REF_DATA OUT.pt [EPOCHS=40] [SEED=0] [EXTRA ...]
"""
import sys, os, copy
import torch
from dataclasses import replace
from avfusion_viz.train import load_model, load_checkpoint, save_checkpoint, Checkpoint
from avfusion_viz.demo import reference_checkpoint
from avfusion_viz.data import AVDataset, read_synthav
from avfusion_viz.model import EventFusionNet
from avfusion_viz.backbones import HEADS
from avfusion_viz.evaluate import predict, fit_temperatures
sys.path.insert(0, os.path.dirname(__file__)); import _frozen

torch.set_num_threads(2)
ref, out_path = sys.argv[1], sys.argv[2]
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 40
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
extra = sys.argv[5:]
EVENT = ("onset", "instant", "continuous")

src = reference_checkpoint(); ck = load_checkpoint(src)
old, classes = load_model(src); old.eval()
train, val = _frozen.training_features(old, classes, ref, extra, os.environ.get("FEATURES", "/tmp/avf_frozen"))
print(f"training the {', '.join(EVENT)} heads on {len(train['Y'])} clips", flush=True)

config = replace(old.config, change_heads=tuple(os.environ.get("CHANGE", "onset,instant,continuous").split(",")))
torch.manual_seed(seed)
fresh = EventFusionNet(config)
m = EventFusionNet(config); m.load_state_dict(old.state_dict())
for h in EVENT: m.heads[h].load_state_dict(fresh.heads[h].state_dict())       # new, untrained heads
params = [p for h in EVENT for p in m.heads[h].parameters()]
for n, p in m.named_parameters(): p.requires_grad_(any(n.startswith(f"heads.{h}.") for h in EVENT))
opt = torch.optim.Adam(params, 1e-3, weight_decay=1e-4)

def ens_top1(f):
    m.eval()
    with torch.no_grad():
        o = m.fuse(f["A"], f["V"], f["O"], f["E"])
        return (torch.stack([o.logits[h].float().softmax(-1) for h in HEADS]).mean(0).argmax(1) == f["Y"]).float().mean().item()

N, best, state, g = len(train["Y"]), -1.0, None, torch.Generator().manual_seed(seed)
for ep in range(epochs):
    m.train()
    for mod in (m.audio, m.video): mod.eval()
    perm = torch.randperm(N, generator=g)
    for s in range(0, N, 32):
        b = perm[s:s + 32]
        o = m.fuse(train["A"][b], train["V"][b], train["O"][b], train["E"][b])
        loss = m.loss(o, train["Y"][b])
        opt.zero_grad(); loss.backward(); opt.step()
    acc = ens_top1(val)
    if acc > best: best, state, best_ep = acc, copy.deepcopy(m.state_dict()), ep
    print(f"epoch {ep}: loss {loss.item():.3f}, val ensemble {acc:.3f}", flush=True)
m.load_state_dict(state); m.eval()
print(f"kept epoch {best_ep} (val ensemble {best:.3f})", flush=True)
c = m.config
val_ds = AVDataset(read_synthav(ref).split("val"), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes)
temps = fit_temperatures(predict(m, val_ds, progress=False))
print("temperatures", {h: round(t, 3) for h, t in temps.items()}, flush=True)
data = dict(ck.data or {})
data["event_change_heads"] = dict(script=__doc__.split("\n")[0], change_heads=list(config.change_heads), epochs=epochs,
                                  kept_epoch=best_ep, val_ensemble=best,
                                  seed=seed, clips=len(train["Y"]), extra=[str(e) for e in extra])
sd = {k: (v.half() if v.is_floating_point() else v) for k, v in m.state_dict().items()}
save_checkpoint(out_path, Checkpoint(sd, config.to_dict(), list(classes), ck.train_config, epoch=ck.epoch,
                                     history=ck.history, best=ck.best, data=data, metrics=ck.metrics, calibration=temps))
print("wrote", out_path)
