"""Frozen features of a model for head experiments: A, V on the step grid, the onsets the model used, the onset
envelope, labels and designed heads of every usable clip of a SynthAV index, cached in one file per clip set (the file
names the clips, not the model: use one cache folder per model)."""
import os
import torch
from avfusion_viz.data import AVDataset, av_loader

def features(model, classes, index, cache: str) -> dict:
    "A, V, O (onset mask), E (onset envelope), Y (labels), D (designed heads) of `index`'s clips, through `model`."
    import hashlib
    files = [str(os.path.abspath(index.root or "."))] + sorted(s.file for s in index.samples)
    cache = cache.replace(".pt", "_" + hashlib.sha1("\n".join(files).encode()).hexdigest()[:10] + ".pt")  # per clip set
    if os.path.exists(cache): return torch.load(cache)
    c = model.config
    ds = AVDataset(index, seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes, unknown_labels="skip")
    A, V, O, E, Y, D = [], [], [], [], [], []
    model.eval()
    with torch.inference_mode():
        for batch in av_loader(ds, 8, num_workers=0):
            if not len(batch): continue
            out = model(batch.frames, batch.logmel, batch.onset_mask, batch.onset_envelope)
            A.append(out.audio.float()); V.append(out.visual.float()); O.append(out.onset_mask)
            E.append(batch.onset_envelope.float()); Y.append(batch.label)
            D += [(ds.samples[i].extra.get("sidecar") or {}).get("designed_head") for i in batch.indices.tolist()]
    f = dict(A=torch.cat(A), V=torch.cat(V), O=torch.cat(O), E=torch.cat(E), Y=torch.cat(Y), D=D)
    torch.save(f, cache)
    print(f"features of {len(f['Y'])} clips → {cache}", flush=True)
    return f

def training_features(model, classes, ref: str, extra, cache_dir: str) -> tuple[dict, dict]:
    "Features of `ref`'s train split plus the train splits of the `extra` folders, and of `ref`'s val split."
    from avfusion_viz.data import read_synthav
    os.makedirs(cache_dir, exist_ok=True)
    feat = lambda index, what: features(model, classes, index, f"{cache_dir}/feat_{what}.pt")
    idx = read_synthav(ref)
    train, val = feat(idx.split("train"), "train"), feat(idx.split("val"), "val")
    for e in extra:
        f = feat(read_synthav(e).split("train"), "extra")
        train = {k: (torch.cat([train[k], f[k]]) if k != "D" else train[k] + f[k]) for k in train}
    return train, val
