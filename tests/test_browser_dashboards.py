"""The dashboards as a person uses them: JupyterLab on 127.0.0.1, headless Chromium, real clicks and keys.

Run: `nice -n 15 .venv/bin/python -m pytest tests/test_browser_dashboards.py -q`. Screenshots and the server log go
to tests/artifacts/<test name>/. Without /usr/bin/chromium the tests skip with a loud reason, except under CI
(env CI or AVF_CI set), where they fail. Harness: tests/browser.py.
"""
import functools, http.server, json, pathlib, shutil, threading, time

import pytest

from browser import (ROOT, artifact_dir, chromium, image_digest, jupyterlab, open_notebook, run_all_cells,
                     screenshot, wait_image_loaded)


@pytest.fixture
def local_site(tmp_path):
    "A static HTTP server on 127.0.0.1 (a thread) serving a page with one local and one remote image."
    site = tmp_path/"site"; site.mkdir()
    (site/"dot.png").write_bytes(bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf"
        "c0f01f0005000201a6d2a4a50000000049454e44ae426082"))
    (site/"index.html").write_text('<html><body><img id="local" src="dot.png">'
                                   '<img id="remote" src="https://cdn.example.com/logo.png"></body></html>')
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try: yield f"http://127.0.0.1:{server.server_address[1]}"
    finally: server.shutdown(); server.server_close()


def test_chromium_blocks_and_records_non_local_requests(tmp_path, local_site):
    "The harness itself: local requests pass, every request to another host is aborted and recorded."
    art = artifact_dir("test_chromium_blocks_and_records_non_local_requests")
    with chromium(tmp_path) as ctx:
        page = ctx.new_page()
        page.goto(f"{local_site}/index.html")
        wait_image_loaded(page, "#local")
        page.wait_for_function("() => document.querySelector('#remote').complete")
        assert page.eval_on_selector("#remote", "i => i.naturalWidth") == 0
        screenshot(page, art, "page")
        assert ctx.blocked_requests == ["https://cdn.example.com/logo.png"]
        assert any("ERR_BLOCKED_BY_CLIENT" in e for e in ctx.console_errors), ctx.console_errors


# ---------------------------------------------------------------- the dashboards in JupyterLab

SYNTHAV = ROOT/"data_samples"/"synthav"
ANNOTATOR = "browser-test"

# The notebook a person would write: a random tiny model on one SynthAV clip, its ClipExplorer, an AnnotationForm of
# three SynthAV videos (two pages). It also writes truth.json: each head's top-5 computed here straight from the model
# (model.top_k / model.ensemble on the explorer's inputs), the form's file, its rows; the test checks the browser
# against that.
NOTEBOOK_CELLS = [
    """import json, pathlib, torch
from avfusion_viz.backbones import ModelConfig
from avfusion_viz.model import EventFusionNet, top_k, ensemble
from avfusion_viz.data import read_synthav
from avfusion_viz.dashboards import ClipExplorer, VIEW_HEADS
from avfusion_viz.annotation import AnnotationForm, synthav_examples
SYNTHAV = pathlib.Path({synthav!r})
index = read_synthav(SYNTHAV, split="test")
torch.manual_seed(0)
model = EventFusionNet(ModelConfig.tiny(len(index.classes))).eval()""",
    """explorer = ClipExplorer(model, pathlib.Path(index.root) / index.samples[0].file, classes=index.classes)
explorer""",
    """items = [(s.file, [s.label] + [c for c in index.classes if c != s.label][:i + 1]) for i, s in enumerate(index.samples[:3])]
form = AnnotationForm(items, {annotator!r}, "annotations_out", page_size=2, video_dir=index.root,
                      category_examples=synthav_examples(SYNTHAV, n=2, size=32), classes=index.classes)
form""",
    """import numpy as np
from avfusion_viz.backbones import HEADS
from avfusion_viz.evaluate import Predictions
from avfusion_viz.dashboards import DatasetExplorer
# a made-up evaluation of the test split whose layer labels are known: every clip of class c is claimed by head
# HEADS[c % 5] (0.9 on its label there, uniform elsewhere)
C = len(index.classes)
labels = [index.classes.index(s.label) for s in index.samples]
designed = {{index.classes[c]: HEADS[c % len(HEADS)] for c in labels}}
probs = np.full((len(labels), len(HEADS), C), 1 / C, np.float32)
for i, c in enumerate(labels):
    probs[i, HEADS.index(designed[index.classes[c]])] = 0.1 / (C - 1)
    probs[i, HEADS.index(designed[index.classes[c]]), c] = 0.9
c0, wrong0 = labels[0], (labels[0] + 1) % C       # clip 0: the other heads all say wrong0 (0.6), so the ensemble errs
for h in range(len(HEADS)):                       # while the designed head (0.9 on the label) keeps the layer label
    if h != HEADS.index(designed[index.classes[c0]]):
        probs[0, h] = 0.4 / (C - 1); probs[0, h, wrong0] = 0.6
pred = Predictions(probs, labels, [s.file for s in index.samples], index.classes)
datasets = DatasetExplorer(pred, model, root=index.root)
datasets""",
    """with torch.no_grad():
    out = model(**explorer.analysis.inputs)
top = {{h: [index.classes[c] for c in t.classes[0].tolist()] for h, t in top_k(out, k=5).items()}}
top["ensemble"] = [index.classes[c] for c in ensemble(out)[0].topk(5).indices.tolist()]
truth = dict(top=top, heads=list(VIEW_HEADS), shown_head=explorer.view_head, n_frames=len(explorer.analysis.frames),
             annotation_file=str(form.path.resolve()), items=[[f, c] for f, c in items],
             designed=designed, videos={{s.label: [] for s in index.samples}},
             wrong=dict(label=index.samples[0].label, file=pathlib.Path(index.samples[0].file).name,
                        predicted=index.classes[wrong0]),
             cam_layer=explorer.layer, cells=list(explorer.analysis.layer_cells[explorer.layer]),
             display_size=explorer.size, has_boxes=explorer.analysis.boxes is not None)
for s in index.samples: truth["videos"][s.label].append(pathlib.Path(s.file).name)
pathlib.Path("truth.json").write_text(json.dumps(truth))
print("truth written")""",
]


def write_test_notebook(path: pathlib.Path) -> pathlib.Path:
    "The test notebook (nbformat 4, python3 kernel), written to `path`."
    import nbformat
    cells = [nbformat.v4.new_markdown_cell("# Dashboards, driven by tests/test_browser_dashboards.py")]
    cells += [nbformat.v4.new_code_cell(src.format(synthav=str(SYNTHAV), annotator=ANNOTATOR)) for src in NOTEBOOK_CELLS]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
    nbformat.write(nb, path)
    return path


def _wait_for(predicate, timeout: float, what: str, interval: float = 0.1):
    "Poll `predicate()` until it returns something truthy (returned), or fail naming `what`."
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last: return last
        except (OSError, ValueError, KeyError, IndexError) as e: last = e
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


def _options(page, selector: str) -> list:
    "The option texts of a <select> (ipywidgets renders spaces as no-break spaces; they are turned back)."
    return [t.replace("\xa0", " ") for t in page.eval_on_selector(selector, "s => Array.from(s.options).map(o => o.text)")]


def _option_names(texts) -> list:
    "'drum (0.31)' → 'drum'."
    return [t.rsplit(" (", 1)[0] for t in texts]


def _saved(path: pathlib.Path) -> dict:
    return json.loads(path.read_text())


FRAME_IMG = "img.t-frame-image"


def test_dashboards_in_jupyterlab(tmp_path):
    "Run the dashboards notebook in JupyterLab; slide, switch head and overlay, tick, page, submit — as a person."
    art = artifact_dir("test_dashboards_in_jupyterlab")
    work = tmp_path/"notebooks"; work.mkdir()
    write_test_notebook(work/"dashboards.ipynb")
    shutil.copy(work/"dashboards.ipynb", art/"dashboards.ipynb")
    shot = functools.partial(screenshot, folder=art)
    t0, timings = time.monotonic(), {}
    with jupyterlab(tmp_path, work, log_path=art/"jupyterlab.log") as lab, chromium(tmp_path) as ctx:
        page = ctx.new_page()
        page.set_default_timeout(90_000)          # generous: 2 shared cores under load took 5 min for this test
        timings["server up"] = time.monotonic() - t0
        open_notebook(page, lab, "dashboards.ipynb")
        timings["notebook open, kernel idle"] = time.monotonic() - t0
        run_all_cells(page, timeout=420)
        timings["all cells run"] = time.monotonic() - t0
        truth = json.loads((work/"truth.json").read_text())

        # ---- ClipExplorer: the frame view and its slider. Widget images are blob: URLs (new on every update), so a
        # change is checked on the bytes shown (image_digest), after the new src has loaded.
        def shown(after=None, sel=FRAME_IMG):
            "(src, digest) of the image once loaded (and replaced, when `after` = a previous (src, digest))."
            src = wait_image_loaded(page, sel, changed_from=after[0] if after else None)
            return src, image_digest(page, sel)

        frame0, timelines0 = shown(), shown(sel="img.t-timelines")
        page.locator(".t-frame-image").scroll_into_view_if_needed()
        shot(page, name="01_explorer")
        readout = page.locator(".t-frame-slider .widget-readout")
        assert readout.inner_text().strip() == "0"
        page.focus(".t-frame-slider .noUi-handle")
        page.keyboard.press("ArrowRight")
        frame1 = shown(frame0)
        assert readout.inner_text().strip() == "1" and frame1[1] != frame0[1]
        page.keyboard.press("End")
        frame_end = shown(frame1)
        _wait_for(lambda: readout.inner_text().strip() == str(truth["n_frames"] - 1), 10, "the readout at the last frame")
        assert frame_end[1] not in (frame0[1], frame1[1])
        assert shown(timelines0, "img.t-timelines")[1] != timelines0[1]            # the playhead moved
        shot(page, name="02_slider_end", locator=page.locator(".t-frame-image"))
        timings["slider checked"] = time.monotonic() - t0

        # ---- the map is captioned (block and its resolution) with a colour bar; the true box toggles; the three views
        caption = page.locator(".t-caption").inner_text().replace("\xa0", " ")
        cells = "×".join(map(str, truth["cells"]))
        assert "Grad-CAM" in caption and truth["cam_layer"] in caption and f"{cells} cells" in caption, caption
        assert page.locator(".t-caption .avf-colorbar").count() == 1
        assert truth["has_boxes"] and page.locator(".t-box input[type=checkbox]").is_checked()
        page.locator(".t-box input[type=checkbox]").uncheck()
        unboxed = shown(frame_end)
        assert unboxed[1] != frame_end[1], "unticking the true box did not change the frame view"
        page.locator(".t-box input[type=checkbox]").check()
        frame_end = shown(unboxed)
        page.select_option(".t-view select", index=2)                        # original | heatmap | overlay
        triple = shown(frame_end)
        D = truth["display_size"]
        assert page.eval_on_selector(FRAME_IMG, "i => [i.naturalWidth, i.naturalHeight]") == [3 * D + 8, D]
        shot(page, name="02b_three_views", locator=page.locator(".t-frame-image"))
        page.select_option(".t-view select", index=0)                        # overlay
        frame_end = shown(triple)
        assert page.eval_on_selector(FRAME_IMG, "i => i.naturalWidth") == D

        # ---- head selector: the class options become that head's top-k (truth from the model), the overlay changes
        head0 = truth["shown_head"]
        assert page.eval_on_selector(".t-head select", "s => s.value") == head0
        assert _option_names(_options(page, ".t-class select")) == truth["top"][head0]
        others = [h for h in truth["heads"] if h not in (head0, "audio") and truth["top"][h] != truth["top"][head0]]
        assert others, f"every head has the same top-5 as {head0!r}; the random model cannot test the head switch"
        target = others[0]
        page.select_option(".t-head select", label=target)
        _wait_for(lambda: _option_names(_options(page, ".t-class select")) == truth["top"][target], 60,
                  f"the class options of head {target!r} = {truth['top'][target]}")
        frame_head = shown(frame_end)
        assert frame_head[1] != frame_end[1], f"the Grad-CAM overlay did not change when the head went {head0} → {target}"
        shot(page, name="03_head_" + target, locator=page.locator(".t-frame-image"))
        shown_rows = page.locator(".t-predictions tr.avf-selected")             # the shown head is outlined in the table
        assert shown_rows.count() == 1 and shown_rows.inner_text().startswith(target)

        # ---- overlay toggle: 'none' shows the bare frame (other bytes), back to Grad-CAM shows the same bytes again
        page.locator(".t-overlay button", has_text="none").click()
        frame_none = shown(frame_head)
        assert frame_none[1] != frame_head[1]
        shot(page, name="04_overlay_none", locator=page.locator(".t-frame-image"))
        page.locator(".t-overlay button", has_text="Grad-CAM").click()
        assert shown(frame_none)[1] == frame_head[1]
        timings["head and overlay checked"] = time.monotonic() - t0

        # ---- Play: from frame 0 the browser advances the slider (jslink) and the kernel redraws the frame
        page.focus(".t-frame-slider .noUi-handle")
        page.keyboard.press("Home")
        _wait_for(lambda: readout.inner_text().strip() == "0", 10, "the readout back at frame 0")
        at_start = shown(frame_head)
        page.locator(".t-play button").first.click()
        _wait_for(lambda: int(readout.inner_text()) >= 3, 20, "Play to move the slider to frame 3 or later")
        assert shown(at_start)[1] != at_start[1]
        page.locator(".t-play button").nth(1).click()                        # pause
        timings["play checked"] = time.monotonic() - t0

        # ---- layers tab: an activation grid appears; another layer gives another grid
        page.locator(".lm-TabBar-tab", has_text="layers").click()
        act = shown(sel="img.t-activations")
        layers = [o.replace("\xa0", " ") for o in _options(page, ".t-layer select")]
        current = page.eval_on_selector(".t-layer select", "s => s.value")
        other = next(l for l in layers if l != current)
        page.select_option(".t-layer select", label=other)
        assert shown(act, "img.t-activations")[1] != act[1], f"the activation image did not change for layer {other}"
        page.locator(".t-activations").scroll_into_view_if_needed()
        shot(page, name="05_layers_" + other.replace(".", "_"))
        timings["layers checked"] = time.monotonic() - t0

        # ---- AnnotationForm: tick, read the annotator's file, next page, tick, submit
        saved_path = pathlib.Path(truth["annotation_file"])
        items = truth["items"]
        form = page.locator(".t-annot-form")
        form.scroll_into_view_if_needed()
        assert page.locator(".t-annot-page").inner_text().strip() == "Page 1 / 2"
        rows = page.locator(".t-annot-row")
        assert rows.count() == 2
        # the Video column plays in Chromium (h264+aac mp4 from the widget's bytes), with decoded sound
        video = rows.nth(0).locator("video")
        video.evaluate("v => { v.muted = true; return v.play(); }")
        _wait_for(lambda: video.evaluate("v => v.currentTime > 0.2 && v.webkitAudioDecodedByteCount > 0"), 20,
                  "the first row's video to play with decoded audio")
        video.evaluate("v => v.pause()")
        shot(page, name="06_form_page1", locator=form)
        first = rows.nth(0).locator(".t-annot-check")
        assert [first.nth(i).inner_text().strip() for i in range(first.count())] == items[0][1]
        ticks = {0: [items[0][1][0]], 1: items[1][1][-2:]}                  # row → labels to tick
        for row, labels in ticks.items():
            for label in labels:
                rows.nth(row).locator(".t-annot-check", has_text=label).locator("input[type=checkbox]").check()
        want = [ticks.get(i, []) for i in range(len(items))]
        _wait_for(lambda: [it["chosen"] for it in _saved(saved_path)["items"]] == want, 15,
                  f"{saved_path} to hold the ticks {want}")
        assert _saved(saved_path)["page"] == 0
        rows.nth(1).locator(".t-annot-check", has_text=items[1][1][-1]).locator("input[type=checkbox]").uncheck()
        want[1] = items[1][1][-2:-1]
        _wait_for(lambda: [it["chosen"] for it in _saved(saved_path)["items"]] == want, 15, f"{saved_path}: untick")
        shot(page, name="07_form_ticked", locator=form)

        page.click(".t-annot-next")
        _wait_for(lambda: page.locator(".t-annot-page").inner_text().strip() == "Page 2 / 2", 15, "page 2")
        _wait_for(lambda: rows.count() == 1 and items[2][0] in rows.nth(0).inner_text(), 15, "page 2's one row")
        assert _wait_for(lambda: _saved(saved_path)["page"] == 1, 10, "the saved page number")
        rows.nth(0).locator(".t-annot-check input[type=checkbox]").first.check()
        want[2] = items[2][1][:1]
        page.click(".t-annot-submit")
        _wait_for(lambda: _saved(saved_path)["submitted"] and [it["chosen"] for it in _saved(saved_path)["items"]] == want,
                  15, f"{saved_path}: submitted with ticks {want}")
        _wait_for(lambda: "Submitted" in page.locator(".t-annot-status").inner_text(), 15, "the status line to say Submitted")
        shot(page, name="08_form_submitted", locator=form)
        timings["annotation checked"] = time.monotonic() - t0

        # ---- DatasetExplorer: filter by head → the categories that head claims (by design); a category → its
        # videos; open → that video's ClipExplorer below
        ds = page.locator(".jp-OutputArea-output", has=page.locator(".t-ds-open"))
        ds.locator(".t-ds-head-filter").scroll_into_view_if_needed()
        by_head = {}
        for cat, h in truth["designed"].items(): by_head.setdefault(h, []).append(cat)
        head = max(by_head, key=lambda h: (len(by_head[h]), h))
        page.select_option(".t-ds-head-filter select", label=head)
        _wait_for(lambda: _options(page, ".t-ds-category select") == sorted(by_head[head]), 30,
                  f"the categories claimed by {head!r}: {sorted(by_head[head])}")
        cat = sorted(by_head[head])[-1]
        page.select_option(".t-ds-category select", index=sorted(by_head[head]).index(cat))   # texts use no-break spaces
        def videos():
            texts = _options(page, ".t-ds-video select")
            return len(texts) == len(truth["videos"][cat]) and all(
                t.startswith(v) and f"→ {head}" in t for t, v in zip(texts, truth["videos"][cat])) and texts
        _wait_for(videos, 30, f"the videos of {cat!r}, each labelled → {head}")
        page.click(".t-ds-open")
        opened = ds.locator("img.t-frame-image")
        # opening runs the whole analysis (librosa's onset code compiles on its first call, Grad-CAM on every head):
        # under the parallel test load it once took over 120 s, so the wait is as generous as the page's own
        _wait_for(lambda: opened.count() == 1, 300, "the opened video's ClipExplorer")
        opened.scroll_into_view_if_needed()
        _wait_for(lambda: opened.evaluate("i => i.complete && i.naturalWidth > 0"), 60, "its frame image")
        assert truth["videos"][cat][0] in ds.inner_text()
        shot(page, name="09_datasets_opened")
        # right / wrong: the one mistake of the made-up evaluation is the only wrong clip, marked with what was predicted
        w = truth["wrong"]
        page.select_option(".t-ds-head-filter select", label="all")
        ds.locator(".t-ds-outcome button", has_text="wrong").click()
        _wait_for(lambda: _options(page, ".t-ds-category select") == [w["label"]], 30, f"only {w['label']!r} under 'wrong'")
        _wait_for(lambda: _options(page, ".t-ds-video select") and all(
            t.startswith(w["file"]) and f"✗ predicted {w['predicted']}" in t for t in _options(page, ".t-ds-video select"))
            and len(_options(page, ".t-ds-video select")) == 1, 30, f"{w['file']} marked ✗ predicted {w['predicted']}")
        shot(page, name="09b_datasets_wrong")
        ds.locator(".t-ds-outcome button", has_text="all").click()
        timings["dataset explorer checked"] = time.monotonic() - t0

        # ---- a 900 px window: the layouts wrap instead of squeezing (the slider keeps a usable width, nothing sticks out)
        page.set_viewport_size({"width": 900, "height": 1000})
        page.locator(".t-frame-slider").first.scroll_into_view_if_needed()
        time.sleep(0.5)
        geometry = page.evaluate("""() => Array.from(document.querySelectorAll('.t-clip-explorer')).map(e => {
            const out = e.closest('.jp-OutputArea-output').getBoundingClientRect();
            const track = e.querySelector('.t-frame-slider .noUi-target').getBoundingClientRect();
            const parts = Array.from(e.querySelectorAll('.t-frame-image, .t-caption, .t-predictions, .t-head'))
                               .map(x => x.getBoundingClientRect().right);
            return {track: track.width, out_right: out.right, rightmost: Math.max(...parts)}; })""")
        (art/"geometry_900px.json").write_text(json.dumps(geometry, indent=1))
        assert geometry and all(g["track"] >= 150 for g in geometry), f"the frame slider is squeezed at 900 px: {geometry}"
        assert all(g["rightmost"] <= g["out_right"] + 2 for g in geometry), f"parts stick out at 900 px: {geometry}"
        shot(page, name="09c_900px")
        page.set_viewport_size({"width": 1280, "height": 1000})

        shot(page, name="10_whole_page")
        timings["total"] = time.monotonic() - t0
        sizes = page.evaluate("""() => Object.fromEntries(['t-frame-image', 't-timelines', 't-logmel', 't-activations'].map(
            c => { const i = document.querySelector('img.' + c);
                   return [c, i ? {natural: [i.naturalWidth, i.naturalHeight], shown: [i.clientWidth, i.clientHeight]} : null]; }))""")
        (art/"image_sizes.json").write_text(json.dumps(sizes, indent=1))      # natural vs displayed pixels, for review
        (art/"timings.json").write_text(json.dumps(timings, indent=1))
        (art/"console_errors.txt").write_text("\n".join(ctx.console_errors))
        assert ctx.blocked_requests == [], f"JupyterLab or a widget asked a non-local host: {ctx.blocked_requests}"
        assert ctx.console_errors == [], "errors in the browser console:\n" + "\n".join(ctx.console_errors)
