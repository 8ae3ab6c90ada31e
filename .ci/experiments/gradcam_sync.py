"""Grad-CAM times the sync map: does "where the class is" × "what moves with the sound" point at the sounding object?

    python .ci/experiments/gradcam_sync.py CHECKPOINT FOLDER[:SPLIT] [FOLDER[:SPLIT] ...]

FOLDER: a localization-design split written like `bench synthav-eval --data DIR --seed S` writes it (validation seeds
only; SPLIT: "test", "train" or "all"). For every frame with a visible sounding object: the pointing game and the
silent-twin share of Grad-CAM (each head, at `video.layer1` and `video.layer2`), of the checkpoint's sync map, and of
their product (each min-max normalised at the scoring size first); and how often Grad-CAM's peak falls on either twin.
"""
import sys, numpy as np, torch
from avfusion_viz.train import load_model, load_checkpoint
from avfusion_viz.localization import GradCAM, SyncMap, sync_maps, scoring_map, pointing_hit, twin_share, _min_max
from _localization import batches, report
torch.set_num_threads(2)
ckpt = sys.argv[1]
model, classes = load_model(ckpt); model.eval()
c = model.config
sync = SyncMap.from_dict(load_checkpoint(ckpt).data["sync_map"], where=ckpt)
HEADS_ = ("visual", "continuous", "onset", "instant")
LAYERS = ("video.layer1", "video.layer2")
SIZE = 224
for arg in sys.argv[2:]:
    hits, shares, either = {}, {}, {}
    add = lambda d, k, v: d.setdefault(k, []).append(v)
    for batch, clip_boxes in batches(model, classes, arg):
        cams = {}
        for layer in LAYERS:
            with GradCAM(model, layer) as cam:
                for h in HEADS_:
                    cams[h, layer] = cam(batch.frames, batch.logmel, batch.onset_mask, head=h, target=batch.label).maps
        synced = sync_maps(model, sync, batch.frames, batch.logmel, batch.onset_mask, batch.onset_envelope)
        for b, (boxes_k, twins_k) in enumerate(clip_boxes):
            sm = _min_max(scoring_map(synced[b, 0].numpy(), SIZE))
            for k, boxes in enumerate(boxes_k):
                if boxes is None: continue
                maps = {"sync": sm}
                for (h, layer), m in cams.items():
                    g = _min_max(scoring_map(np.asarray(m[b, k]), SIZE))
                    maps[f"gradcam {h} {layer[6:]}"] = g
                    maps[f"gradcam {h} {layer[6:]} × sync"] = g * sm
                    if twins_k[k] is not None:
                        add(either, f"gradcam {h} {layer[6:]}", pointing_hit(g, boxes + twins_k[k], SIZE))
                for name, m in maps.items():
                    add(hits, name, pointing_hit(m, boxes, SIZE))
                    if twins_k[k] is not None: add(shares, name, twin_share(m, boxes, twins_k[k], SIZE))
    report(arg, hits, shares, "sync", {n: f"  peak on either twin {np.mean(v):.3f}" for n, v in either.items()})
