"""Refit the reference model's presence and one-vs-rest readouts on its frozen features (train.fit_readouts).

python .ci/experiments/refit_reference_readouts.py REFERENCE_OUT SHARPNESS OUT.pt [EXTRA_FOLDER ...]
REFERENCE_OUT: the folder train_reference wrote (data/, cache/); SHARPNESS: r, chosen on the validation split
(.ci/experiments/presence_refit.py with EVAL=val); EXTRA_FOLDER: more SynthAV folders of the reference design (other
seeds; their train split is added, their features cached in EXTRA_FOLDER/cache). Only the readouts change; the record
goes into the checkpoint's data.
"""
import sys, json
from dataclasses import asdict
import torch
from avfusion_viz.train import load_checkpoint, load_model, fit_readouts, save_checkpoint, Checkpoint
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
from avfusion_viz.demo import reference_checkpoint

folder, r, out, extra = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]
src = reference_checkpoint()
ck = load_checkpoint(src)
model, classes = load_model(src)
c = model.config
train = AVDataset(read_synthav(f"{folder}/data").split("train"), seconds=c.seconds, fps=c.fps, size=c.frame_size,
                  classes=classes, cache=FeatureCache(f"{folder}/cache"))
clips = "reference design, train split"
if extra:
    seeds = [json.load(open(f"{e}/synthav.json"))["settings"]["seed"] for e in extra]
    train = torch.utils.data.ConcatDataset([train] + [
        AVDataset(read_synthav(e).split("train"), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                  cache=FeatureCache(f"{e}/cache")) for e in extra])
    clips += f" + the train split of seeds {seeds} ({len(train)} clips)"
before = {k: v.clone() for k, v in model.state_dict().items()}
fit = fit_readouts(model, train, sharpness=r)
print(fit, flush=True)
state = {k: (v.half() if v.is_floating_point() else v) for k, v in model.state_dict().items()}
changed = sorted(k for k in state if k not in before or not torch.equal(before[k].half(), state[k]))
assert all(".presence." in k or ".one_vs_rest." in k for k in changed), changed
data = dict(ck.data or {}); data["readouts_refit"] = dict(asdict(fit), clips=clips, script=__doc__.split("\n")[0])
save_checkpoint(out, Checkpoint(state, model.config.to_dict(), list(classes), ck.train_config, epoch=ck.epoch,
                                history=ck.history, best=ck.best, data=data, metrics=ck.metrics, calibration=ck.calibration))
print("wrote", out, "changed", len(changed), "tensors")
