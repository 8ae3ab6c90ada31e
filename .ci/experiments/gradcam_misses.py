"""Where Grad-CAM's peak falls when it misses on the localization-classes design, and whether the explained head knew
the class: is the way to the pointing game's 0.80 a better classifier or a better map?

    python .ci/experiments/gradcam_misses.py CHECKPOINT FOLDER[:SPLIT] [HEAD] [LAYER]

FOLDER: a localization-classes split (validation seeds only). Per frame with a visible sounding object, Grad-CAM of
HEAD's label score (default continuous, `video.layer2`): the peak inside the sounding object's box, inside the silent
object's (of another class), or on neither; split by whether HEAD's top-1 class on the clip is the label; and how many of the peaks on neither lie
in the outer ring of the layer's cells (where zero padding shapes the features).
"""
import sys, numpy as np, torch
from avfusion_viz.train import load_model
from avfusion_viz.localization import GradCAM, scoring_map, pointing_hit, pointing_peak, _min_max, synthav_frame_boxes
from _localization import batches
torch.set_num_threads(2)
model, classes = load_model(sys.argv[1]); model.eval()
c = model.config
head = sys.argv[3] if len(sys.argv) > 3 else "continuous"
layer = sys.argv[4] if len(sys.argv) > 4 else "video.layer2"
SIZE = 224
folder = sys.argv[2].partition(":")[0]
from avfusion_viz.data import read_synthav
by_file = {s.file: s for s in read_synthav(folder).samples}
rows = []   # (head right on the clip, where: "object" | "other" | "neither")
edge = []   # per background peak: whether it lies in the outer ring of the layer's cells
for batch, clip_boxes in batches(model, classes, sys.argv[2]):
    with GradCAM(model, layer) as cam:
        r = cam(batch.frames, batch.logmel, batch.onset_mask, head=head, target=batch.label)
    right = (r.output.logits[head].argmax(1) == batch.label).tolist()
    for b, (boxes_k, _) in enumerate(clip_boxes):
        side = by_file[batch.files[b]].extra["sidecar"]
        d = next(x for x in side["distractors"] if x["role"] == "visual distractor")
        other = synthav_frame_boxes(dict(boxes=d["boxes"], visible_fraction=d["visible_fraction"], size=side["size"],
                                         fps=side["fps"]), c.n_frames, c.fps, by_file[batch.files[b]].file_start)
        T_l = r.layer_maps.shape[1]
        for f, boxes in enumerate(boxes_k):
            if boxes is None: continue
            m = _min_max(scoring_map(r.layer_maps[b, min(f * T_l // c.n_frames, T_l - 1)].numpy(), SIZE))
            where = "object" if pointing_hit(m, boxes, SIZE) else "other" if other[f] and pointing_hit(m, other[f], SIZE) else "neither"
            rows.append((right[b], where))
            if where == "neither":
                x, y = pointing_peak(m, SIZE); ring = 1 / r.layer_maps.shape[-1]
                edge.append(min(x, y, 1 - x, 1 - y) < ring)
for name, keep in (("all frames", lambda x: True), (f"{head} head right", lambda x: x), (f"{head} head wrong", lambda x: not x)):
    w = [where for ok, where in rows if keep(ok)]
    if not w: continue
    print(f"{name:24s} {len(w):5d} frames: object {w.count('object') / len(w):.3f}, other object {w.count('other') / len(w):.3f}, "
          f"neither {w.count('neither') / len(w):.3f}", flush=True)
outer = 1 - (1 - 2 / r.layer_maps.shape[-1]) ** 2
print(f"background peaks in the outer ring of the layer's cells: {np.mean(edge):.3f} (the ring's share of the frame {outer:.3f})")
