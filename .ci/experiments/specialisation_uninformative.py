"""Does the visual head win the specialisation design's visual-only classes when their sound says nothing of the class?

The design's three visual-only classes share one sound (a hum) that no other class makes, so among the model's classes
the sound alone narrows a visual-only clip to three looks, and the fused heads, which hear it as well as see the look,
are surer than the visual head (`specialisation_trio.py`). Here each visual-only clip instead sounds like one of four
sounds drawn at random: the hum or the sound of one of the audio-only classes (whistle, rumble, hiss), so the sound
says nothing of which visual-only class it is, and may even be another class's sound (`random`); or a sound no class
makes, drawn anew for every clip (`novel`: pitch 100–3000 Hz, 1–4 partials, a noise band, 0–90 % noise, 0.5–6 Hz
amplitude modulation).

    python .ci/experiments/specialisation_uninformative.py CHECKPOINT OUT N {shared,random,novel} [EPOCHS]

Writes N clips of the specialisation design (seed 0, 3 s; `random` / `novel`: the visual-only classes' sound drawn
per clip; `shared`: the design as it is, the control), trains on from CHECKPOINT's weights (its class list, its frame rate and
size; the trunk at lr × 0.1, the rest at 0.01) for EPOCHS epochs (default 5), and prints on the design's test split
which head the most-confident-head rule assigns (raw probabilities: the stored temperatures are not refitted), per
kind of class, the agreement with the designed heads, and each head's top-1 per kind.
"""
import sys, json
from dataclasses import replace
from pathlib import Path
import numpy as np
import torch
import avfusion_viz.synthav as S
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
from avfusion_viz.train import TrainConfig, fit, load_model
from avfusion_viz.demo import _start_from
from avfusion_viz.evaluate import predict, assign_layers, specialisation_agreement
torch.set_num_threads(2)
ckpt, out, n, mode = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 5
assert mode in ("shared", "random", "novel"), mode
VISUAL = [c.name for c in S.SPECIALISATION_CLASSES if c.head == "visual"]
AUDIO = [c.name for c in S.SPECIALISATION_CLASSES if c.head == "audio"]
POOL = [S.get_class(VISUAL[0]).sound] + [S.get_class(a).sound for a in AUDIO]

def novel(rng) -> S.Sound:   # a sound no class makes, drawn with the clip's own rng
    lo = float(np.exp(rng.uniform(np.log(80), np.log(4000))))
    return S.Sound(float(np.exp(rng.uniform(np.log(100), np.log(3000)))), tuple(float(k) for k in range(1, rng.integers(1, 5) + 1)),
                   (lo, min(7900.0, lo * rng.uniform(1.5, 4.0))), float(rng.uniform(0, 0.9)),
                   am_rate=float(rng.uniform(0.5, 6.0)), am_depth=float(rng.uniform(0, 0.5)))

if mode != "shared":
    _sound = S._sound
    def sound_of_any(plan, sr, n, rng):   # the visual-only classes: a sound drawn with the clip's own rng
        if plan.spec.head == "visual":
            snd = POOL[int(rng.integers(len(POOL)))] if mode == "random" else novel(rng)
            plan = replace(plan, spec=replace(plan.spec, sound=snd))
        return _sound(plan, sr, n, rng)
    S._sound = sound_of_any

data = out / "data"
if not (data / "synthav.json").is_file():   # one process, so the patched sound is the one used
    S.write_design(data, "specialisation", n, seed=0, seconds=3.0, workers=1, progress=False)
model0, classes = load_model(ckpt)
c = model0.config
index = read_synthav(data)
cache = FeatureCache(out / "cache")
sets = {s: AVDataset(index.split(s), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes, cache=cache)
        for s in ("train", "val", "test")}
tc = TrainConfig(epochs=epochs, batch_size=8, lr=0.01, lr_patience=2, video_lr_scale=0.1, device="cpu", progress=False)
start = _start_from(ckpt, c, tc, classes, out / "start.pt")
res = fit(c, sets["train"], sets["val"], tc, out / "run", resume=start)
model, _ = load_model(res.best_checkpoint or res.last_checkpoint)
p = predict(model, sets["test"], progress=False)
probs = np.stack([p.head(h) for h in p.heads], 1)
assigned = assign_layers(probs, p.labels, p.heads)
agree = specialisation_agreement(assigned, p.designed_heads)
print(f"{mode}: {len(sets['train'])} training clips, {epochs} epochs from {ckpt}; test {len(p.labels)} clips")
print(f"agreement {agree.agreement:.3f} [{agree.ci[0]:.3f}, {agree.ci[1]:.3f}], shuffled up to {agree.shuffled_ci[1]:.3f}")
kinds = {"visual-only": VISUAL, "audio-only": AUDIO, "drum pair": ["drum in sync", "drum out of sync"],
         "slam pair": ["slam in sync", "slam out of sync"], "motor pair": ["motor in sync", "motor out of sync"]}
rows = {}
for kind, names in kinds.items():
    idx = [i for i, l in enumerate(p.labels) if classes[l] in names]
    won = {h: sum(assigned[i] == h for i in idx) for h in p.heads}
    top1 = {h: float((p.head(h)[idx].argmax(1) == p.labels[idx]).mean()) for h in p.heads}
    rows[kind] = dict(n=len(idx), assigned=won, top1=top1)
    print(f"{kind:<12} ({len(idx)} clips) assigned: " + ", ".join(f"{h} {k}" for h, k in won.items() if k)
          + " | top-1: " + ", ".join(f"{h} {v:.2f}" for h, v in top1.items()), flush=True)
(out / "assigned.json").write_text(json.dumps(dict(mode=mode, agreement=agree.agreement, ci=agree.ci, kinds=rows)))
