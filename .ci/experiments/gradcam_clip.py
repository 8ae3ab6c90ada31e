"""Grad-CAM of the fused heads summed over the clip's frames: does the onset or instant head's evidence, which enters
only at the frames it fuses with the sound, point at the sounding twin?

    python .ci/experiments/gradcam_clip.py CHECKPOINT FOLDER[:SPLIT] [FOLDER[:SPLIT] ...]

FOLDER: a localization-design split written like `bench synthav-eval --data DIR --seed S` writes it (validation seeds
only; SPLIT: "test", "train" or "all"). Grad-CAM folds time into channels, so each frame has its own channel weights:
a frame the head never fuses gets no gradient and an empty map. Per frame with a visible sounding object: the pointing
game and the silent-twin share of each head's Grad-CAM at `video.layer1` and `video.layer2`, per frame (what
`bench synthav-eval` scores) and summed over the clip's frames before normalising (one map per clip, like the sync
map), beside the checkpoint's sync map.
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
HEADS_ = ("visual", "onset", "instant", "continuous")
LAYERS = ("video.layer1", "video.layer2")
SIZE = 224
for arg in sys.argv[2:]:
    hits, shares, empty = {}, {}, {}
    add = lambda d, k, v: d.setdefault(k, []).append(v)
    for batch, clip_boxes in batches(model, classes, arg):
        cams = {}
        for layer in LAYERS:
            with GradCAM(model, layer) as cam:
                for h in HEADS_:
                    cams[h, layer] = cam(batch.frames, batch.logmel, batch.onset_mask, head=h, target=batch.label).layer_maps
        synced = sync_maps(model, sync, batch.frames, batch.logmel, batch.onset_mask, batch.onset_envelope)
        for b, (boxes_k, twins_k) in enumerate(clip_boxes):
            sm = _min_max(scoring_map(synced[b, 0].numpy(), SIZE))
            clip = {key: _min_max(scoring_map(m[b].sum(0).numpy(), SIZE)) for key, m in cams.items()}
            for k, boxes in enumerate(boxes_k):
                if boxes is None: continue
                maps = {"sync map": sm}
                for (h, layer), m in cams.items():
                    T_l = m.shape[1]
                    frame = m[b, min(k * T_l // c.n_frames, T_l - 1)].numpy()
                    add(empty, f"{h} {layer[6:]} per frame", float(frame.max() <= 0))
                    maps[f"{h} {layer[6:]} per frame"] = _min_max(scoring_map(frame, SIZE))
                    maps[f"{h} {layer[6:]} clip sum"] = clip[h, layer]
                for name, m in maps.items():
                    add(hits, name, pointing_hit(m, boxes, SIZE))
                    if twins_k[k] is not None: add(shares, name, twin_share(m, boxes, twins_k[k], SIZE))
    report(arg, hits, shares, "sync map", {n: f"  empty frames {np.mean(v):.3f}" for n, v in empty.items()})
