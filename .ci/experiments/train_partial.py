"""The reference recipe from a pretrained trunk (as `train_pretrained.py`), with only some of the trunk's blocks trained:
BLOCKS (comma-separated names of VideoNet's stem, layer1 … layer4) at lr × LR_SCALE; the other blocks stay frozen,
weights and BatchNorm statistics. The frozen trunk keeps what pretraining taught it; the trained blocks let the heads
that fuse sight and sound adapt it. Prints what train_pretrained.py prints.

    python .ci/experiments/train_partial.py PRE OUT STEPS CLIPS LR_SCALE BLOCKS
(env SETTINGS as in train_pretrained.py, e.g. '{"contrastive_weight": 0}')
"""
import sys, runpy
import torch
from torch import nn
import avfusion_viz.train as T

scale, blocks = float(sys.argv[5]), sys.argv[6].split(",")
NAMES = ("stem", "layer1", "layer2", "layer3", "layer4")
if not scale > 0 or not blocks or any(b not in NAMES for b in blocks):
    sys.exit(f"train_partial.py: LR_SCALE must be > 0 and BLOCKS a comma-separated subset of {NAMES}; got {sys.argv[5:7]}")

def make_optimizer(model, tc):
    "lr for the heads, lr × scale for BLOCKS, nothing for the rest of the trunk (frozen, BatchNorm in eval mode)."
    kw = dict(lr=tc.lr, momentum=tc.momentum, weight_decay=tc.weight_decay)
    trained = [p for b in blocks for p in getattr(model.video, b).parameters()]
    video = {id(p) for p in model.video.parameters()}
    for name in NAMES:
        if name in blocks: continue
        m = getattr(model.video, name)
        for p in m.parameters(): p.requires_grad_(False)
        m.train = lambda mode=True, m=m: nn.Module.train(m, False)   # the trunk's train() leaves it in eval mode
        m.eval()
    heads = [p for p in model.parameters() if id(p) not in video]
    return torch.optim.SGD([{"params": heads}, {"params": trained, "lr": tc.lr * scale}], **kw)

T.make_optimizer = make_optimizer
sys.argv = [sys.argv[0], *sys.argv[1:5], str(scale)]
runpy.run_path(str(__import__("pathlib").Path(__file__).with_name("train_pretrained.py")), run_name="__main__")
