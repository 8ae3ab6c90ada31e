"""The event-type agreement of tutorial 5 (Step 4: each clip's assigned head against its class's event type) on a
design's val and test splits, raw and with each checkpoint's temperatures, for one or more checkpoints.

    python .ci/experiments/event_type_check.py FOLDER CHECKPOINT [CHECKPOINT ...]
FOLDER: a SynthAV folder (e.g. a `train_reference` folder's data/, the reference design at seed 0); features are
cached in FOLDER/../cache.
"""
import sys, torch
from pathlib import Path
from avfusion_viz.train import load_model
from avfusion_viz.data import read_synthav, AVDataset, FeatureCache
from avfusion_viz.evaluate import predict, assign_layers, event_type_table, event_type_agreement, calibrate, event_characteristics
torch.set_num_threads(2)
folder = Path(sys.argv[1])
for ck in sys.argv[2:]:
    model, classes = load_model(ck); c = model.config
    for split in ("val", "test"):
        ds = AVDataset(read_synthav(folder).split(split), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
                       unknown_labels="skip", cache=FeatureCache(folder.parent / "cache"))
        p = predict(model, ds, progress=False)
        for name, q in (("raw", p), ("calibrated", calibrate(p, model.temperatures))):
            layers = assign_layers(q.probs, q.labels, q.heads)
            t = event_type_table(layers, p.event_types)
            print(Path(ck).name, split, name, f"agreement {event_type_agreement(t):.3f}",
                  {h: f"{s:.0%}" for h, s in event_characteristics(layers).items()}, flush=True)
