import torch, time, numpy as np, sys, torch.nn.functional as F
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
from avfusion_viz.backbones import VideoNet, KINETICS_MEAN, KINETICS_STD
variant, steps, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "extra"
def load(name):
    z = np.load(name); return torch.from_numpy(z["X"]), torch.from_numpy(z["Y"]).long()
Xtr, Ytr = load("ref_train.npz"); Xva, Yva = load("ref_val.npz")
if extra:
    Xe, Ye = load("extra_train.npz"); Xtr, Ytr = torch.cat([Xtr, Xe]), torch.cat([Ytr, Ye])
print(variant, "train", Xtr.shape, "val", Xva.shape, flush=True)
mean = torch.tensor(KINETICS_MEAN).view(1, 3, 1, 1, 1); std = torch.tensor(KINETICS_STD).view(1, 3, 1, 1, 1)
def prep(x):  # uint8 (B,T,H,W,3) -> (B,3,T,H,W) normalised
    return (x.permute(0, 4, 1, 2, 3).float() / 255 - mean) / std
aug = "aug" in variant
def batch(i, rng):
    x = Xtr[i]
    if aug:
        t0 = rng.integers(0, x.shape[1] - 5 + 1); x = x[:, t0:t0 + 5]
    else: x = x[:, 5:10]
    x = prep(x)
    if aug:
        x = F.pad(x, (4, 4, 4, 4, 0, 0), mode="replicate"); B = x.shape[0]
        dx, dy = rng.integers(0, 9, 2); x = x[..., dy:dy + 32, dx:dx + 32]
        if rng.random() < 0.5: x = x.flip(-1)
    return x, Ytr[i]
torch.manual_seed(0)
net = VideoNet(); head = torch.nn.Sequential(torch.nn.Dropout(0.5 if "drop" in variant else 0.0), torch.nn.Linear(512, 24))
params = list(net.parameters()) + list(head.parameters())
wd = 5e-3 if "wd" in variant else 1e-4
opt = torch.optim.SGD(params, lr=0.01, momentum=0.9, weight_decay=wd)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05 if "hi" in variant else 0.01, total_steps=steps)
bs = 16; rng = np.random.default_rng(0); t0 = time.time(); c0 = time.process_time()
def val():
    net.eval(); correct = 0
    with torch.no_grad():
        for j in range(0, len(Xva), 32):
            x = prep(Xva[j:j + 32]); correct += int((head(net(x)[1].mean(1)).argmax(1) == Yva[j:j + 32]).sum())
    net.train(); return correct / len(Xva)
for s in range(steps):
    i = torch.from_numpy(rng.choice(len(Xtr), bs, replace=False)); x, y = batch(i, rng)
    logits = head(net(x)[1].mean(1)); loss = F.cross_entropy(logits, y)
    opt.zero_grad(); loss.backward(); opt.step(); sched.step()
    if (s + 1) % 100 == 0 or s + 1 == steps:
        print(variant, s + 1, round(loss.item(), 3), "train_acc", round(float((logits.argmax(1) == y).float().mean()), 2),
              "val", round(val(), 3), "wall", round(time.time() - t0), "cpu", round(time.process_time() - c0), flush=True)
