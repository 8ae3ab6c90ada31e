"""The video trunk alone, at a channel width multiplier of mc3_18's own topology (torchvision's VideoResNet blocks:
Conv3DSimple in layer1, Conv3DNoTemporal after, channels × WIDTH), on 32 px clips of the reference design: does
more data or a narrower trunk make the visual stream learn? 1 s windows (random start), shifted ≤ 4 px and mirrored,
batch 16, one-cycle to LR (SGD; AdamW with OPT=adamw), validation top-1 (middle 1 s) every STEPS/8 steps.

    python .ci/experiments/load_frames.py REFERENCE_OUT/data ref train,val        # ref_train.npz, ref_val.npz
    python -c "from avfusion_viz.synthav import write_design; write_design('extra', 'reference', 2400, seed=21, \
        seconds=3.0, workers=0, progress=False, splits=(1.0, 0.0, 0.0))"
    python .ci/experiments/load_frames.py extra extra train                        # extra_train.npz
    python -c "from avfusion_viz.synthav import write_design; write_design('clean', 'objects', 1344, seed=31, \
        seconds=3.0, progress=False, splits=(1.0, 0.0, 0.0))"
    python .ci/experiments/load_frames.py clean clean train                        # clean_train.npz
    OPT={sgd,adamw} python .ci/experiments/visual_width.py WIDTH STEPS {ref,extra,clean,ref+clean} LR [FRAMES]
                                                                                   # in the folder of the .npz files
(The 2026-11-30 clean set was written as the reference design with two_source=0, distractors=(0, 0), silent_twin=0,
enter_leave=0: the settings the `objects` design now names.)
"""
import os, torch, time, numpy as np, sys, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(1)
from torchvision.models.video.resnet import VideoResNet, BasicBlock, Conv3DSimple, Conv3DNoTemporal
from avfusion_viz.backbones import KINETICS_MEAN, KINETICS_STD
width, steps, data, lr = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
frames = int(sys.argv[5]) if len(sys.argv) > 5 else 5
class Narrow(nn.Module):
    def __init__(self, w):
        super().__init__()
        c = [max(8, int(round(x * w))) for x in (64, 128, 256, 512)]
        self.stem = nn.Sequential(nn.Conv3d(3, c[0], (3, 7, 7), (1, 2, 2), (1, 3, 3), bias=False), nn.BatchNorm3d(c[0]), nn.ReLU(inplace=True))
        self.inplanes = c[0]
        mk = lambda p, s, conv=Conv3DNoTemporal: VideoResNet._make_layer(self, BasicBlock, conv, p, 2, s)
        self.layer1, self.layer2, self.layer3, self.layer4 = mk(c[0], 1, Conv3DSimple), mk(c[1], 2), mk(c[2], 2), mk(c[3], 2)
        for m in self.modules():
            if isinstance(m, nn.Conv3d): nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        self.dim = c[3]
    def forward(self, x):
        return self.layer4(self.layer3(self.layer2(self.layer1(self.stem(x))))).mean((3, 4)).transpose(1, 2)
def load(name):
    z = np.load(name); return torch.from_numpy(z["X"]), torch.from_numpy(z["Y"]).long()
Xva, Yva = load("ref_val.npz")
# DATA: "ref" (the reference training split), "extra" (it plus extra_train.npz), "clean" (clean_train.npz only:
# one object per clip, always in view, no twin, second source or distractor), or "ref+clean"
parts = {"ref": ["ref"], "extra": ["ref", "extra"], "clean": ["clean"], "ref+clean": ["ref", "clean"]}[data]
Xtr, Ytr = (torch.cat(t) for t in zip(*[load(f"{p}_train.npz") for p in parts]))
mean = torch.tensor(KINETICS_MEAN).view(1, 3, 1, 1, 1); std = torch.tensor(KINETICS_STD).view(1, 3, 1, 1, 1)
prep = lambda x: (x.permute(0, 4, 1, 2, 3).float() / 255 - mean) / std
T = Xtr.shape[1]
def batch(i, rng):
    x = Xtr[i]; t0 = rng.integers(0, T - frames + 1); x = prep(x[:, t0:t0 + frames])
    x = F.pad(x, (4, 4, 4, 4, 0, 0), mode="replicate"); dx, dy = rng.integers(0, 9, 2); x = x[..., dy:dy + 32, dx:dx + 32]
    if rng.random() < 0.5: x = x.flip(-1)
    return x, Ytr[i]
torch.manual_seed(0)
net = Narrow(width); head = nn.Linear(net.dim, 24)
print(sys.argv[1:], os.environ.get("OPT", "sgd"), "train", tuple(Xtr.shape), "params", sum(p.numel() for p in net.parameters()), flush=True)
params = list(net.parameters()) + list(head.parameters())
OPT = os.environ.get("OPT", "sgd")   # sgd (the paper's) or adamw
opt = (torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=1e-4) if OPT == "sgd"
       else torch.optim.AdamW(params, lr=lr, weight_decay=0.05))
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
bs = 16; rng = np.random.default_rng(0); t0 = time.time(); c0 = time.process_time()
def val():
    net.eval(); correct = 0
    with torch.no_grad():
        for j in range(0, len(Xva), 32):
            x = prep(Xva[j:j + 32]); correct += int((head(net(x).mean(1)).argmax(1) == Yva[j:j + 32]).sum())
    net.train(); return correct / len(Xva)
for s in range(steps):
    i = torch.from_numpy(rng.choice(len(Xtr), bs, replace=False)); x, y = batch(i, rng)
    logits = head(net(x).mean(1)); loss = F.cross_entropy(logits, y)
    opt.zero_grad(); loss.backward(); opt.step(); sched.step()
    if (s + 1) % (steps // 8) == 0 or s + 1 == steps:
        print(sys.argv[1], s + 1, round(loss.item(), 3), "val", round(val(), 3), "wall", round(time.time() - t0), "cpu", round(time.process_time() - c0), flush=True)
