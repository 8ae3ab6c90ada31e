"""Draw the landing page's picture: the reference model explains a SynthAV clip it never saw.

    .venv/bin/python .ci/docs/hero.py            # writes data_samples/reference/hero.png (about half a minute, CPU)

The same steps as tutorial 4 (Steps 2, 3 and 5): 16 clips of SynthAV's `timeline` design with data-set seed 1 (the
reference model was trained on seed 0), the first-ranked clip the ensemble gets right whose sound is present only
part of the time, preferring one whose object stays in view; Grad-CAM of the clip's class score on 8 frames, made as
`bench synthav-eval` scores the localization-classes design (tutorial 4, Step 3's last figure): the head it explains
(`bench.classes_gradcam_head`: the visual head when the continuous head reads the picture's change, as the reference
model's does, else the continuous head), the maps of `video.layer1` and `video.layer2` averaged, and each frame's map
scaled to [0, 1] and averaged with the 5 frames before and after it (`window_maps`; the defaults of
`--classes-layer` and `--classes-window`); true box in green. Below, the modality timelines (grey: when the object
is heard / seen).
The two figures are drawn at twice their dpi and stacked into one PNG; nbs/index.ipynb shows it from a code cell.
"""
import io, pathlib, sys, tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT/"data_samples"/"reference"/"hero.png"


def main(out=OUT):
    import numpy as np, torch
    from PIL import Image
    from avfusion_viz import synthav, plotting
    from avfusion_viz.backbones import HEADS
    from avfusion_viz.bench import CLASSES_LAYER, CLASSES_WINDOW, classes_gradcam_head
    from avfusion_viz.data import read_synthav, AVDataset, collate_av
    from avfusion_viz.demo import reference_checkpoint
    from avfusion_viz.interpret import confidence_timelines, presence_truth
    from avfusion_viz.localization import localize, synthav_frame_boxes, window_maps
    from avfusion_viz.media import load_clip
    from avfusion_viz.train import load_model
    torch.set_num_threads(2)
    model, classes = load_model(reference_checkpoint())
    model.eval(); c = model.config
    with tempfile.TemporaryDirectory() as tmp:
        folder = synthav.write_design(pathlib.Path(tmp)/"timeline", "timeline", 16, seed=1, workers=0, progress=False)
        data = AVDataset(read_synthav(folder), seconds=c.seconds, fps=c.fps, size=c.frame_size, classes=classes)
        batch = collate_av([data[i] for i in range(len(data))])
        with torch.no_grad(): res = model(batch.frames, batch.logmel, batch.onset_mask, batch.onset_envelope)
        right = (torch.stack([res.probs(h) for h in HEADS]).mean(0).argmax(1) == batch.label).numpy()
        sides = [s.extra["sidecar"] for s in data.samples]
        boxes_of = lambda k: [b[0] if b else None for b in synthav_frame_boxes(sides[k], c.n_frames, c.fps)]
        def informative(k):   # tutorial 4's ranking: sound present part of the time, object always in view, motion
            heard = np.asarray(sides[k]["audio_presence"][:c.n_steps], bool)
            b = np.array([x if x is not None else [np.nan] * 4 for x in boxes_of(k)])
            return (0 < heard.sum() < len(heard), not np.isnan(b).any(), float(np.nan_to_num(np.abs(np.diff(b, axis=0))).sum()))
        k = max(np.flatnonzero(right) if right.any() else range(len(right)), key=informative)
        sample, label = data.samples[k], int(batch.label[k])
        clip = load_clip(folder/"video"/sample.file, seconds=c.seconds, fps=c.fps, size=c.frame_size)
        one = lambda t: t[k:k + 1]
        head = classes_gradcam_head(model)
        loc = localize(model, one(batch.frames), one(batch.logmel), one(batch.onset_mask), head=head,
                       target=label, layer=CLASSES_LAYER)
        cam = window_maps(loc.gradcam, CLASSES_WINDOW)[0].numpy()
        tl = confidence_timelines(loc.output, classes=[label], readout="auto")
        truth = presence_truth(sides[k], c.n_steps, fps=c.fps)   # as notebook 09 scores timelines
    kind = synthav.get_class(sample.label).event_type
    strip = plotting.map_strip(clip.frames, cam, n=8, boxes=boxes_of(k), fps=c.fps, panel_inches=1.0,
                               label=f"Grad-CAM\n(each frame 0–1,\n± {CLASSES_WINDOW} frames)",
                               title=f"Where: Grad-CAM of the {head} head's '{sample.label}' score "
                                     f"({kind} event; true box in green)")
    width = strip.get_size_inches()[0]
    lines = plotting.modality_timelines(tl.audio[0], tl.visual[0], tl.continuous[0], audio_truth=truth.audio,
                                        visual_truth=truth.visual, figsize=(width, 3.2),
                                        title="When: each stream's confidence in the class (grey: heard / seen)")
    pngs = []
    for fig in (strip, lines):
        buf = io.BytesIO(); fig.savefig(buf, format="png", dpi=2 * fig.dpi, facecolor="white"); pngs.append(Image.open(buf))
    canvas = Image.new("RGB", (max(p.width for p in pngs), sum(p.height for p in pngs)), "white")
    y = 0
    for p in pngs: canvas.paste(p, (0, y)); y += p.height
    out = pathlib.Path(out); out.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(out, optimize=True)
    print(f"{out}: {canvas.width}x{canvas.height} px, clip {sample.file} ({sample.label}, {kind})")
    return out


if __name__ == "__main__": main(*sys.argv[1:])
