"""The demo's report page as a newcomer opens it: headless Chromium at a phone's width, every image decoded, nothing
asked from another host, no console error, no sideways scrolling; explained clips first, claims next, settings in words.

The page is built the way `run_demo` builds it (evaluate.write_report's figures, dashboards.gallery_html's cards,
demo.write_demo_page) from the committed SynthAV samples and a random tiny model, so no training is needed (~10 s, plus librosa's first onset detection in a fresh process, ~8 s).
Screenshots go to tests/artifacts/test_report_page_in_chromium/. Harness: tests/browser.py.
"""
import json, re

import numpy as np

from browser import ROOT, artifact_dir, chromium, screenshot


def _page(tmp_path):
    import torch
    from avfusion_viz.backbones import ModelConfig, HEADS
    from avfusion_viz.model import EventFusionNet
    from avfusion_viz.data import read_synthav
    from avfusion_viz.evaluate import Predictions, write_report
    from avfusion_viz.dashboards import gallery_html
    from avfusion_viz.demo import DemoSettings, write_demo_page
    index = read_synthav(ROOT / "data_samples" / "synthav")
    torch.manual_seed(0)
    model = EventFusionNet(ModelConfig.tiny(len(index.classes), seconds=1, fps=5, frame_size=32)).eval()
    C, N = len(index.classes), len(index.samples)
    labels = [index.classes.index(s.label) for s in index.samples]
    probs = np.full((N, len(HEADS), C), 0.5 / (C - 1), np.float32)     # made up: clip i predicted as labels[i] unless i % 3
    for i, c in enumerate(labels): probs[i, :, c if i % 3 else (c + 1) % C] = 0.5
    pred = Predictions(probs, labels, [s.file for s in index.samples], index.classes,
                       event_types=[s.extra.get("event_type") for s in index.samples])
    report = write_report(tmp_path / "report", pred, None, extra=dict(train_clips=16, val_clips=4, test_clips=N))
    s = DemoSettings.fast()
    times = dict(generate=1.6, train=37.5, evaluate=5.2, gallery=2.4, total=46.7, cpu=20.7)
    gallery = gallery_html(model, pred, index.root, right=1, wrong=1, size=64)
    write_demo_page(report, s, dict(train_clips=16, val_clips=4, test_clips=N, best_epoch=1, val_ensemble_top1=0.25),
                    times, gallery, tmp_path)
    return report.html.read_text(), pred


def test_report_page_in_chromium(tmp_path):
    page_html, pred = _page(tmp_path)
    # self-contained; ordered as a newcomer reads; numbers in words and rounded, no JSON dump, retargeting in one line
    assert re.findall(r"https?://|(?:src|href)=['\"](?!data:)", page_html) == []
    assert (page_html.index("What the model does") < page_html.index("claims beside their controls")
            < page_html.index("Training and evaluation") < page_html.index("Settings"))
    assert page_html.count("class='avf-card'") == 2 and "✗ wrong" in page_html
    assert "{\"" not in page_html and not re.search(r"\d\.\d{5,}", page_html)
    assert "Does not apply here" in page_html and "1 epoch of SGD" in page_html and "train 38 s" in page_html
    art = artifact_dir("test_report_page_in_chromium")
    (art / "report.html").write_text(page_html)
    with chromium(tmp_path, viewport=(390, 844)) as ctx:                  # a phone
        page = ctx.new_page()
        page.set_content(page_html, wait_until="load")
        images = page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.alt, i.complete, i.naturalWidth])")
        assert len(images) == page_html.count("<img ") >= 2 * 2 + 3 and all(ok and w > 0 for _, ok, w in images), images
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"the page scrolls sideways on a phone: {width}"
        shown = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.getBoundingClientRect().right)")
        assert max(shown) <= 390, shown
        screenshot(page, art, "phone")
        page.set_viewport_size({"width": 1280, "height": 1000})
        screenshot(page, art, "desktop")
        assert ctx.blocked_requests == [] and ctx.console_errors == [], (ctx.blocked_requests, ctx.console_errors)
