"""cIoU on the localization-classes design when each map keeps as many pixels as the object covers (region="box_area",
not the LVS median rule): once the object's size is given, does Grad-CAM outline it better than the maps that learn
nothing?

    python .ci/experiments/ciou_box_area.py CHECKPOINT FOLDER WINDOW

FOLDER: a localization-classes split (its `test` half is scored). The map is what `bench synthav-eval` scores there
(the continuous head, `video.layer1+video.layer2`), averaged over ± WINDOW frames (0: each frame's own map); the
table holds the centre, random, motion and timing controls and the true box at the layer's resolution (the ceiling),
all under the same rule.
"""
import sys, torch
from avfusion_viz.train import load_model
from avfusion_viz.localization import evaluate_localization
torch.set_num_threads(2)
model, classes = load_model(sys.argv[1]); model.eval()
folder, window = sys.argv[2], int(sys.argv[3])
table = evaluate_localization(model, folder, split="test", classes=classes, layer="video.layer1+video.layer2",
                              window=window, region="box_area")
print(f"{folder}, ± {window} frames\n{table}", flush=True)
