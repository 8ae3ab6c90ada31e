"`avfusion-viz demo --fast` as a user runs it: a real process writes the whole report folder."
import json, re, subprocess, warnings

REPORT_FILES = ["accuracy.png", "category_votes.png", "confusion.png", "event_characteristics.png", "event_types.png",
                "metrics.json", "report.html", "training.png"]

def test_demo_fast(tmp_path, env):
    out = tmp_path / "demo"
    r = subprocess.run(["avfusion-viz", "demo", "--fast", "--out", str(out), "--quiet"], capture_output=True, text=True,
                       env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    report = out / "report"
    assert sorted(p.name for p in report.iterdir()) == REPORT_FILES
    for png in report.glob("*.png"): assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (report / "report.html").read_text()
    assert re.findall(r"https?://|(?:src|href)=['\"](?!data:)", page) == []     # self-contained: no external requests
    assert page.count("class='avf-card'") == 4                                   # 4 test clips explained first
    assert page.count("data:image/png;base64,") == 5 + 2 * 4                      # 5 figures, 2 images per clip
    m = json.loads((report / "metrics.json").read_text())
    assert m["run"]["epochs"] == 1 and m["n"] == m["run"]["test_clips"]
    assert set(m["accuracy"]) == {"visual", "audio", "onset", "instant", "continuous", "ensemble"}
    assert f"report    {report / 'report.html'}" in r.stdout
    assert "validation ensemble top-1" in r.stdout
    # the served app given this demo folder (`avfusion-viz serve --demo`): its data-set tab opens the demo's test split
    from avfusion_viz.serve import ServeApp
    from avfusion_viz.dashboards import DatasetExplorer
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = ServeApp(out / "run" / "best.pt", demo=out, samples={}, warm_up=False, uploads=tmp_path)
    try:
        assert app.datasets is None and app.tabs is not None       # built only when the tab is first shown
        with warnings.catch_warnings(record=True) as more:
            warnings.simplefilter("always")
            app.tabs.selected_index = 1
        # a layout setting ipywidgets does not know (e.g. CSS `gap`) is dropped with only a warning: none of ours is
        assert not [str(w.message) for w in caught + more if "Layout" in str(w.message)]
        assert isinstance(app.datasets, DatasetExplorer), [getattr(w, "value", w) for w in app.dataset_area.children]
        assert len(app.datasets.predictions.labels) == m["run"]["test_clips"]
        assert app.dataset_area.children == (app.datasets.widget,)
    finally: app.close()

def test_evaluate_missing_data(tmp_path, env):
    r = subprocess.run(["avfusion-viz", "evaluate", "--checkpoint", str(tmp_path / "none.pt"), "--data", str(tmp_path)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("avfusion-viz evaluate: error:") and len(r.stderr.strip().splitlines()) == 1
