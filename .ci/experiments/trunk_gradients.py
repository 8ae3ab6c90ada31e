"""Which loss terms pull on the video trunk? For two batches of 16 training clips of the reference design, each term of
the training loss (weighted as in training) is back-propagated alone, and the gradient norm over the video trunk's
(and the audio network's) parameters printed: for a freshly initialised model of the reference configuration and for
the committed reference model.

    python .ci/experiments/trunk_gradients.py REFERENCE_OUT      (REFERENCE_OUT: the folder train_reference wrote; ~1 min)
"""
import sys
import torch
from avfusion_viz.train import load_model
from avfusion_viz.model import EventFusionNet, head_losses, readout_losses
from avfusion_viz.data import read_synthav, AVDataset, av_loader, FeatureCache

torch.set_num_threads(1)
folder = sys.argv[1]
ref, classes = load_model("data_samples/reference/reference.pt")
c = ref.config
ds = AVDataset(read_synthav(f"{folder}/data").split("train"), seconds=c.seconds, fps=c.fps, size=c.frame_size,
               classes=classes, cache=FeatureCache(f"{folder}/cache"))
torch.manual_seed(0)
batches = [b for _, b in zip(range(2), av_loader(ds, 16, shuffle=True))]
torch.manual_seed(0)
fresh = EventFusionNet(c)
norm = lambda ps: float(torch.sqrt(sum((p.grad.float() ** 2).sum() for p in ps if p.grad is not None) + torch.tensor(0.)))
for name, m in (("freshly initialised", fresh), ("the committed reference model", ref)):
    m.train()
    rows = {}
    for b in batches:
        out = m(b.frames, b.logmel, b.onset_mask)
        terms = {f"CE {h}": c.head_weights[h] * l for h, l in head_losses(out, b.label).items()}
        rw = out.readout_weights
        for k, v in readout_losses(out, b.label, rw.get("presence_sharpness", 5.0), rw.get("reject", 0.0)).items():
            terms[k] = v * (rw.get("contrastive", 0.0) if k == "contrastive" else rw.get("readout", 1.0))
        for k, t in terms.items():
            m.zero_grad(set_to_none=True)
            t.backward(retain_graph=True)
            rows.setdefault(k, []).append((t.item(), norm(m.video.parameters()), norm(m.audio.parameters())))
    print(f"== {name}: loss term (as weighted in training) | gradient norm at the video trunk | at the audio network")
    for k, v in rows.items():
        print(f"{k:14s} {sum(x[0] for x in v) / len(v):8.3f} | {sum(x[1] for x in v) / len(v):9.3f} | {sum(x[2] for x in v) / len(v):9.3f}")
