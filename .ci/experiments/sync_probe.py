"""Where does a sync pair's timing live in the frozen model? The specialisation design's in-sync / out-of-sync pairs
(drums, slam, motor) differ only in when the picture moves against the sound. Timing alone separates all three at the
model's input (`evaluate.sync_pair_control`, 10 frames/s, 32 px: 1.000 on seed 1), yet every head names one member of
each pair whatever the clip (`pair_member.py`). Is the timing still in the features the heads read?

For each VideoNet block (stem, layer1 … layer4; V_t = the block's output averaged over space, per frame) two linear
probes per pair, logistic regression, 5-fold cross-validation over the pair's clips (both halves of the split):
- `onsets`: the mean of V_t over the clip's onset steps minus its mean over all steps: what the onset head's per-step
  MLP on [A_t ; V_t] can tell from the picture at the sound's onsets;
- `corr`: per channel, the correlation over steps of V_t with the sound's loudness per step: what a head that compared
  the picture with the sound over time could read.
Beside them: the whole picture's motion against the loudness (`corr` on the frames themselves, no learning), and every
head's top-1 on each pair.

    python .ci/experiments/sync_probe.py FOLDER [CHECKPOINT]

FOLDER: a specialisation split (both halves are used); CHECKPOINT: default the reference model.
"""
import sys
import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from avfusion_viz.train import load_model
from avfusion_viz.demo import reference_checkpoint
from avfusion_viz.data import AVDataset, read_synthav, av_loader
from avfusion_viz.synthav import CLASS_BY_NAME

torch.set_num_threads(2)
model, classes = load_model(sys.argv[2] if len(sys.argv) > 2 else reference_checkpoint()); model.eval(); c = model.config
index = read_synthav(sys.argv[1])
ds = AVDataset(index, seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes, unknown_labels="skip")
BLOCKS = ["stem", "layer1", "layer2", "layer3", "layer4"]
grabbed = {}
for b in BLOCKS:
    getattr(model.video, b).register_forward_hook(lambda m, i, o, b=b: grabbed.__setitem__(b, o.float().mean((3, 4))))

def zcorr(x, e):   # x (B, T, C), e (B, T) → (B, C) correlation over T
    x = x - x.mean(1, keepdims=True); e = e - e.mean(1, keepdims=True)
    den = np.linalg.norm(x, axis=1) * np.linalg.norm(e, axis=1)[:, None]
    return np.where(den > 1e-12, np.einsum("btc,bt->bc", x, e) / np.maximum(den, 1e-12), 0.0)

feats = {(b, k): [] for b in BLOCKS + ["frames"] for k in ("onsets", "corr")}
labels, probs = [], []
with torch.inference_mode():
    for batch in av_loader(ds, 8, num_workers=0):
        if not len(batch): continue
        out = model(batch.frames, batch.logmel, batch.onset_mask, batch.onset_envelope)
        T = out.audio.shape[1]
        B = batch.frames.shape[0]
        loud = batch.logmel.float().reshape(B, -1, batch.logmel.shape[-1]).mean(-1)             # (B, audio frames)
        loud = loud[:, : loud.shape[1] // T * T].reshape(B, T, -1).mean(-1).numpy()             # (B, T)
        w = out.onset_mask.float().numpy(); w = w / np.maximum(w.sum(1, keepdims=True), 1)
        g = batch.frames.float().mean(1)                                                          # (B, T_v, H, W)
        motion = (g[:, 1:] - g[:, :-1]).abs().mean((2, 3)); motion = torch.cat([motion[:, :1], motion], 1)
        per_block = {b: grabbed[b].permute(0, 2, 1).numpy() for b in BLOCKS}                      # (B, T_v, C)
        per_block["frames"] = motion[:, :, None].numpy()
        for b, v in per_block.items():
            if v.shape[1] != T:   # frames to the step grid (T_v = T at 10 frames/s)
                v = torch.nn.functional.interpolate(torch.as_tensor(v).permute(0, 2, 1), size=T).permute(0, 2, 1).numpy()
            feats[(b, "onsets")].append(np.einsum("btc,bt->bc", v, w) - v.mean(1))
            feats[(b, "corr")].append(zcorr(v, loud))
        labels += batch.label.tolist()
        probs.append(torch.stack([out.probs(h) for h in out.heads], 1).numpy()); heads = out.heads
feats = {k: np.concatenate(v) for k, v in feats.items()}
labels = np.asarray(labels); probs = np.concatenate(probs)
names = [classes[l] for l in labels]
print(f"{len(labels)} clips; heads {heads}", flush=True)

cv = StratifiedKFold(5, shuffle=True, random_state=0)
for pair in ("drum", "slam", "motor"):
    idx = np.array([i for i, n in enumerate(names) if n.startswith(pair + " ")])
    if len(idx) < 10: continue
    y = np.array([CLASS_BY_NAME[names[i]].sync for i in idx], bool)
    mem = [classes.index(f"{pair} in sync"), classes.index(f"{pair} out of sync")]
    tops = "  ".join(f"{h} {np.mean(probs[idx][:, k][:, mem].argmax(1) == (~y).astype(int)):.2f}" for k, h in enumerate(heads))
    print(f"\n== {pair} pair: {len(idx)} clips ({y.sum()} in sync); each head choosing between the two: {tops}", flush=True)
    for b in ["frames"] + BLOCKS:
        row = []
        for k in ("onsets", "corr"):
            X = feats[(b, k)][idx]
            clf = GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
                               {"logisticregression__C": [0.01, 0.1, 1.0, 10.0]}, cv=StratifiedKFold(4, shuffle=True, random_state=1))
            acc = cross_val_score(clf, X, y, cv=cv)
            row.append(f"{k} {acc.mean():.3f} ± {acc.std() / np.sqrt(len(acc)):.3f}")
        print(f"   {b:<7} ({feats[(b, 'corr')].shape[1]:>3} ch)  " + "   ".join(row), flush=True)
