"""The committed reference model with its readouts and label prior fitted on the first 2 000 clips of the `objects`
design (what `ReferenceSettings(refit_objects=2000)` makes), from a refit `readout_mixtures.py` wrote:

    CLIPS=OBJREF TAG=obj python .ci/experiments/readout_mixtures.py REF FITS 2:1
    python .ci/experiments/readouts_on_objects.py FITS/mix2v1cobj.pt OBJREF OUT.pt

OBJREF: a folder with data/ (the objects design, seed 31, e.g. `write_design(OBJREF/"data", "objects", 2000, seed=31,
seconds=3.0, splits=(1.0, 0.0, 0.0))`: its clips depend only on the seed and their number, so these are the first
2 000 of the recipe's) and cache/. The label prior (ε = 0.1) is fitted on the same clips; the stored missing-label
threshold is dropped (it was fitted for the old scores): fit it again with `bench synthav-calibrate --fit threshold`.
"""
import sys, torch
from pathlib import Path
from avfusion_viz.train import load_checkpoint, load_model, save_checkpoint
from avfusion_viz.interpret import run_synthav, fit_label_prior
from avfusion_viz.data import FeatureCache
torch.set_num_threads(2)
src, objref, out = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
ck = load_checkpoint(src)
model, names = load_model(src)
where = "the first 2000 clips of the objects design"
run = run_synthav(model, objref / "data", "train", classes=names, limit=2000, cache=FeatureCache(objref / "cache"), progress=False)
print(len(run.labels), "clips for the prior")
ck.data["label_prior"] = dict(fit_label_prior(run, 0.1).to_dict(), fitted_on=where)
ck.data["readouts_refit"] = {k: v for k, v in ck.data["readouts_refit"].items() if k != "script"}
ck.data["readouts_refit"]["clips"] = where
ck.data["settings"] = dict(ck.data["settings"], refit_objects=2000)
ck.data.pop("missing_threshold", None)
save_checkpoint(out, ck)
print("wrote", out)
