"""Which head the clip explorer and the web app should explain first: Grad-CAM exactly as the explorer computes it
(`dashboards.analyze_clip`, `clip_gradcam`, the class the head ranks first, the explorer's default block), scored with
the pointing game on every frame where the sounding object is visible, for the head the explorer opens on
(`dashboards.default_head`: the clip's layer label, or the ensemble when that is the audio head) beside fixed heads.
Run it on validation splits (data-set seed 4), never on a test seed.

    python .ci/experiments/explorer_head.py CHECKPOINT FOLDER [FOLDER ...] [--layer auto|video.layerN] [--split test] [--sync]

With --sync, each rule is also scored as the explorer's "Grad-CAM × sync" overlay draws it: that Grad-CAM times the
checkpoint's sync map (`localization.gate_maps`, each frame's own map, no window).
"""
import argparse, collections, time
from pathlib import Path
import numpy as np, torch
from tqdm.auto import tqdm
from avfusion_viz.train import load_model
from avfusion_viz.data import read_synthav
from avfusion_viz.dashboards import analyze_clip, clip_gradcam, default_head, default_layer, VIDEO_HEADS
from avfusion_viz.localization import pointing_hit, scoring_map, centre_map, VGGSS_SIZE, gate_maps, load_sync_map

torch.set_num_threads(2)
p = argparse.ArgumentParser()
p.add_argument("checkpoint"); p.add_argument("folders", nargs="+")
p.add_argument("--layer", default="auto"); p.add_argument("--split", default="test"); p.add_argument("--sync", action="store_true")
args = p.parse_args()
model, classes = load_model(args.checkpoint)
layer = default_layer(model) if args.layer == "auto" else args.layer
sync = load_sync_map(args.checkpoint) if args.sync else None
FIXED = ("visual", "onset", "instant", "continuous", "ensemble")
for folder in map(Path, args.folders):
    index = read_synthav(folder, split=args.split)
    hits = collections.defaultdict(list)           # rule → per scored frame
    opened = collections.Counter()
    right = collections.Counter()                  # rule → clips whose explained class is the label
    t0 = time.perf_counter()
    for s in tqdm(index.samples, desc=folder.name):
        path = Path(index.root) / s.file if index.root else Path(s.file)
        a = analyze_clip(model, str(path), classes, layer=layer, sync=sync)
        first = default_head(a)
        opened[first] += 1
        if a.boxes is None: continue
        rules = {"explorer default": first, **{h: h for h in FIXED}}
        for rule, head in rules.items():
            cls = a.top(head, 1)[0][0]
            right[rule] += int(classes[cls] in s.labels[:1])
            maps = clip_gradcam(model, a, head, cls, layer)
            gated = None if sync is None else gate_maps(torch.as_tensor(maps)[None], torch.as_tensor(a.sync)[None])[0].numpy()
            for k, boxes in enumerate(a.boxes):
                if boxes is None: continue
                hits[rule].append(pointing_hit(scoring_map(maps[k], VGGSS_SIZE), boxes, VGGSS_SIZE))
                if gated is not None: hits[rule + " × sync"].append(pointing_hit(scoring_map(gated[k], VGGSS_SIZE), boxes, VGGSS_SIZE))
        for k, boxes in enumerate(a.boxes):
            if boxes is not None: hits["centre"].append(pointing_hit(centre_map(VGGSS_SIZE), boxes, VGGSS_SIZE))
    n = len(index.samples)
    print(f"\n{folder} ({args.split}, {n} clips, {len(hits['centre'])} frames with the sounding object visible; Grad-CAM at "
          f"{layer}; {time.perf_counter() - t0:.0f} s)")
    print("the explorer opens on:", ", ".join(f"{h} {c}" for h, c in opened.most_common()))
    for rule in ("explorer default", *FIXED, "centre"):
        extra = f"  (explained class = label in {right[rule] / n:.3f} of clips)" if rule != "centre" else ""
        print(f"  {rule:<17} pointing {np.mean(hits[rule]):.3f}{extra}"
              + (f"; × sync map {np.mean(hits[rule + ' × sync']):.3f}" if sync is not None and rule != "centre" else ""))
