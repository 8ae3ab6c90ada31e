"""Which member of its sync pair each designed head names, clip by clip, on a specialisation-design split: does the
head tell in sync from out of sync, or name one member whatever the clip?

    python .ci/experiments/pair_member.py FOLDER [CHECKPOINT]

FOLDER: a specialisation split (its `test` half); CHECKPOINT: default the reference model. Prints, per pair, the
(true class, named class) counts of the pair's designed head: the onset head on the drums, the instant head on the
slam, the continuous head on the motor.
"""
import sys, collections, torch
from avfusion_viz.train import load_model
from avfusion_viz.demo import reference_checkpoint
from avfusion_viz.data import AVDataset, read_synthav
from avfusion_viz.evaluate import predict
torch.set_num_threads(2)
model, classes = load_model(sys.argv[2] if len(sys.argv) > 2 else reference_checkpoint()); model.eval(); c = model.config
ds = AVDataset(read_synthav(sys.argv[1]).split("test"), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes,
               unknown_labels="skip")
p = predict(model, ds, progress=False)
for pair, head in (("drum", "onset"), ("slam", "instant"), ("motor", "continuous")):
    idx = [i for i, l in enumerate(p.labels) if classes[l].startswith(pair)]
    named = p.head(head)[idx].argmax(1)
    print(pair, head, dict(collections.Counter((classes[p.labels[i]], classes[k]) for i, k in zip(idx, named))), flush=True)
