"""Refit the reference model's readouts with audio mixtures (train.fit_readouts(audio_mixtures=m)), everything else kept.

    python .ci/experiments/readout_mixtures.py REFERENCE_OUT OUT_DIR M[:V[:SEED]] [M[:V[:SEED]] ...]

REFERENCE_OUT: the folder train_reference wrote (data/, cache/). Writes OUT_DIR/mix{M}.pt for each M: the committed
reference model with its presence and one-vs-rest readouts fitted again on the reference design's train split (as
train_reference does, r = ReferenceSettings.refit_sharpness), with M mixtures of two clips' sounds per clip (and V of
two clips' pictures, `fit_readouts(visual_mixtures=V)`; written OUT_DIR/mix{M}v{V}.pt; SEED: fit_readouts' seed,
for the spread between refits, written OUT_DIR/mix{M}v{V}s{SEED}.pt; env SHARPNESS=r: the smooth max's r instead of
ReferenceSettings.refit_sharpness, written OUT_DIR/mix{M}v{V}r{r}.pt; env CLIPS=FOLDER[,FOLDER...]: fit on the `train`
splits of these folders instead, each laid out as REFERENCE_OUT is (data/, cache/), e.g. the `objects` design the
video trunk was pretrained on, whose clips hold one object and no unlabelled second source; written
OUT_DIR/mix{M}v{V}c{tag}.pt with env TAG=tag). The
heads' weights, temperatures and confidence maps are kept (the readouts do not change the heads' outputs). Then score
each on a validation seed: `python -m avfusion_viz.bench synthav-eval --checkpoint OUT_DIR/mixM.pt --data DIR --seed 6
--clips 480 --json …`.
"""
import os, sys
from dataclasses import asdict
from pathlib import Path
import torch
from avfusion_viz.train import load_checkpoint, load_model, fit_readouts, save_checkpoint, Checkpoint
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
from avfusion_viz.demo import reference_checkpoint, ReferenceSettings

torch.set_num_threads(2)
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
src = reference_checkpoint()
SHARPNESS = float(os.environ.get("SHARPNESS", ReferenceSettings().refit_sharpness))   # r of the readouts' smooth max
ck = load_checkpoint(src)
for arg in sys.argv[3:]:
    m, v, seed = (list(map(float, arg.split(":"))) + [0.0, 0.0])[:3]
    model, classes = load_model(src)
    c = model.config
    sources = [Path(f) for f in os.environ["CLIPS"].split(",")] if "CLIPS" in os.environ else [folder]
    train = torch.utils.data.ConcatDataset([
        AVDataset(read_synthav(f / "data").split("train"), seconds=c.seconds, fps=c.fps, size=c.frame_size,
                  classes=classes, cache=FeatureCache(f / "cache")) for f in sources])
    before = {k: v.clone() for k, v in model.state_dict().items()}
    fit = fit_readouts(model, train, sharpness=SHARPNESS, audio_mixtures=m, visual_mixtures=v, seed=int(seed), progress=False)
    print(m, v, fit, flush=True)
    state = {k: (v.half() if v.is_floating_point() else v) for k, v in model.state_dict().items()}
    changed = sorted(k for k in state if not torch.equal(before[k].half(), state[k]))
    assert all(".presence." in k or ".one_vs_rest." in k for k in changed), changed
    same = [k for k in before if (".presence." in k or ".one_vs_rest." in k) and torch.equal(before[k].half(), state[k])]
    print(f"  readout tensors unchanged from the committed ones: {len(same)}", flush=True)
    data = dict(ck.data or {}); data["readouts_refit"] = dict(asdict(fit), clips=(f"the train splits of {os.environ['CLIPS']}" if "CLIPS" in os.environ
                                                                    else "the reference design's train split"),
                                                              script=__doc__.split("\n")[0])
    data["settings"] = dict(data.get("settings") or {}, refit_audio_mixtures=m, refit_visual_mixtures=v,   # the recipe that gives this file
                            refit_sharpness=SHARPNESS)
    name = f"mix{m:g}" + (f"v{v:g}" if v or seed else "") + (f"s{seed:g}" if seed else "") + \
        (f"r{SHARPNESS:g}" if "SHARPNESS" in os.environ else "") + (f"c{os.environ.get('TAG', 'x')}" if "CLIPS" in os.environ else "")
    save_checkpoint(out / f"{name}.pt", Checkpoint(state, model.config.to_dict(), list(classes), ck.train_config,
                                                     epoch=ck.epoch, history=ck.history, best=ck.best, data=data,
                                                     metrics=ck.metrics, calibration=ck.calibration,
                                                     confidence_maps=ck.confidence_maps))
    print("wrote", out / f"{name}.pt", flush=True)
