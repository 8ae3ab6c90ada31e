"""The audio and visual heads' readouts (presence and one-vs-rest) averaged over K fits that differ only in their seed
(the order of the batches, the starting weights, which clips are mixed): one fit's missing-label recall moves by about
±0.06 with its seed (`readout_mixtures.py`), and the mean of K linear readouts is one linear readout (its logit is the
mean of theirs), so the model keeps its form.

    python .ci/experiments/readout_bagging.py CHECKPOINT OBJ OUT_PREFIX K [K ...]

OBJ holds data/ (the `objects` design, seed 31, 2 000 clips, all `train`: the clips `train_reference` fits the readouts on,
`write_design(OBJ/"data", "objects", 2000, seed=31, seconds=3.0, splits=(1.0, 0.0, 0.0))`) and cache/. Each fit is
`fit_readouts` as the recipe calls it (sharpness 1, two sound mixtures and one picture mixture per clip), seed 0 … K-1;
the clips' features are computed once. Writes OUT_PREFIX_K{k}.pt for each K: CHECKPOINT with the audio and visual heads'
readouts replaced by the mean of the first K fits (the other heads' one-vs-rest readouts, which the event-heads stage
trained, are kept), the label prior fitted again on the same clips, and no missing-label combiner or threshold: fit them
with `bench synthav-calibrate --fit combiner threshold`. Seed 0 alone should give the stored readouts (printed).
"""
import copy, sys, time, numpy as np, torch
from pathlib import Path
import avfusion_viz.train as T
from avfusion_viz.train import load_checkpoint, load_model, save_checkpoint, fit_readouts
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache, Index
from avfusion_viz.interpret import LabelPrior, _label_means

torch.set_num_threads(2)
src, obj, prefix, Ks = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sorted(int(k) for k in sys.argv[4:])
ck = load_checkpoint(src)
model, names = load_model(src); model.eval()
c, C = model.config, len(names)
o = read_synthav(obj / "data").split("train"); limit = min(2000, len(o))
clips = AVDataset(Index(o.samples[:limit], o.classes, o.name, o.path, o.root, o.seconds), seconds=c.seconds, fps=c.fps,
                  size=c.frame_size, classes=names, cache=FeatureCache(obj / "cache"))
memo, orig = {}, T._readout_inputs
def cached(m, data, batch_size, progress, keep_logmel=False, keep_visual=False):   # the frozen features, once
    key = (keep_logmel, keep_visual)
    if key not in memo: memo[key] = orig(m, data, batch_size, progress, keep_logmel, keep_visual)
    feats, labels = memo[key]
    return dict(feats), labels                     # fit_readouts pops from the dict, not from the tensors
T._readout_inputs = cached
KEYS = [f"heads.{h}.{kind}.{p}" for h in ("audio", "visual") for kind in ("presence", "one_vs_rest") for p in ("weight", "bias")]
fits = []
for seed in range(Ks[-1]):
    m, t0, c0 = copy.deepcopy(model), time.perf_counter(), time.process_time()
    f = fit_readouts(m, clips, sharpness=1.0, audio_mixtures=2.0, visual_mixtures=1.0, seed=seed, progress=False)
    sd = m.state_dict()
    fits.append({k: sd[k].detach().float().cpu().clone() for k in KEYS})
    print(f"fit seed {seed}: loss {f.loss_before:.3f} -> {f.loss_after:.3f}, mixtures {f.n_mixtures} + {f.n_visual_mixtures}, "
          f"{time.perf_counter() - t0:.0f} s wall, {time.process_time() - c0:.0f} s CPU", flush=True)
print("seed 0 against the stored readouts, largest |difference|:",
      {k: float((fits[0][k] - ck.model[k].float()).abs().max()) for k in KEYS})
feats, labels = memo[(True, True)]
y = labels.numpy()
def presence_max(w, b, x):                       # (N, steps, hidden) -> (N, C): max over steps of sigmoid(x w^T + b)
    return torch.cat([torch.sigmoid(x[i:i + 256] @ w.T + b).amax(1) for i in range(0, len(x), 256)]).numpy()
for K in Ks:
    avg = {k: torch.stack([f[k] for f in fits[:K]]).mean(0) for k in KEYS}
    new = copy.deepcopy(ck)
    for k in KEYS: new.model[k] = avg[k].to(ck.model[k].dtype)
    r = {h: {p: new.model[f"heads.{h}.presence.{p}"].float() for p in ("weight", "bias")} for h in ("audio", "visual")}
    heard = presence_max(r["audio"]["weight"], r["audio"]["bias"], feats["presence", "audio"])
    seen = presence_max(r["visual"]["weight"], r["visual"]["bias"], feats["presence", "visual"])
    prior = LabelPrior(list(names), _label_means(y, heard, C), _label_means(y, seen, C), np.bincount(y, minlength=C), 0.1)
    if K == 1:
        old = ck.data["label_prior"]
        print("K = 1: label prior against the stored one (run_synthav), largest |difference|: heard",
              float(np.abs(prior.heard - np.asarray(old["heard"])).max()), "seen", float(np.abs(prior.seen - np.asarray(old["seen"])).max()))
    new.data = {k: v for k, v in ck.data.items() if k not in ("missing_threshold", "missing_combiner")}
    new.data["label_prior"] = dict(prior.to_dict(), fitted_on=ck.data["label_prior"].get("fitted_on"))
    new.data["readouts_refit"] = dict(ck.data["readouts_refit"], fits=K, fit_seeds=list(range(K)))
    dest = f"{prefix}_K{K}.pt"
    save_checkpoint(dest, new)
    print("wrote", dest, flush=True)
