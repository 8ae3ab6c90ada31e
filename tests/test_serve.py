"""`avfusion-viz serve` as visitors use it: the real console script, Voilà on 127.0.0.1, headless Chromium.

One server (a module fixture, upload limit 2 MB so that the limit can be crossed cheaply) serves every test here.
Two visitors at once, in two browsers: one uploads the real clip through the stock FileUpload, moves the frame slider
and switches head; the other sends bad files (text named .mp4, an empty file, one over the limit), sees one message
each, then opens a sample. After both pages close, no kernel is left and no upload folder. Screenshots go to
tests/artifacts/test_serve/. Without /usr/bin/chromium the browser test skips loudly, except under CI (env CI or
AVF_CI), where it fails. Harness: tests/browser.py.

Run: `nice -n 15 .venv/bin/python -m pytest tests/test_serve.py -q`.
"""
import contextlib, json, os, pathlib, signal, subprocess, sys, time, types, urllib.error, urllib.request

import pytest

from browser import (CHROMIUM_FLAGS, ROOT, _is_local, _stop, artifact_dir, free_port, image_digest, require_chromium,
                     screenshot, wait_image_loaded)

CLIP = ROOT / "data_samples" / "bigbuckbunny.mp4"
LIMIT_MB = 2
ART = "test_serve"
FRAME = "img.t-frame-image"
STATUS = ".t-serve-status"


def _wait_for(predicate, timeout: float, what: str, interval: float = 0.2):
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last: return last
        except (OSError, ValueError, KeyError) as e: last = e
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


def _get(url: str) -> int:
    "HTTP status of a GET (redirects not followed)."
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k): return None
    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=10) as r: return r.status
    except urllib.error.HTTPError as e: return e.code


class Server:
    "The running `avfusion-viz serve`: its process, port, log, and the temporary folder it was given (TMPDIR)."
    def __init__(self, proc, port, log, tmp):
        self.proc, self.port, self.log, self.tmp = proc, port, log, tmp
        self.url = f"http://127.0.0.1:{port}/"

    def log_text(self) -> str: return self.log.read_text(errors="replace")

    def kernels(self) -> list:
        "The kernel processes running under the server (psutil)."
        import psutil
        try: procs = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess: return []
        running = []
        for p in procs:
            try:
                if p.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(p.cmdline()): running.append(p)
            except psutil.Error: pass                      # it ended while we looked: not running
        return running

    def session_folders(self) -> list:
        "Every visitor's upload folder that exists now."
        return sorted(self.tmp.glob("avfusion-serve-*/uploads/session-*"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    "`avfusion-viz serve --port P --max-upload-mb 2`, its temporary files under a folder of this test (TMPDIR)."
    require_chromium()
    tmp = tmp_path_factory.mktemp("serve")
    art = artifact_dir(ART)
    port, log = free_port(), art / "serve.log"
    env = dict(os.environ, TMPDIR=str(tmp), PATH=f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("MPLBACKEND", None)
    with open(log, "wb") as f:
        proc = subprocess.Popen(["avfusion-viz", "serve", "--port", str(port), "--max-upload-mb", str(LIMIT_MB)],
                                stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True)
    s = Server(proc, port, log, tmp)
    try:
        _wait_for(lambda: proc.poll() is not None or "avfusion-viz serve: http" in s.log_text(), 120, "the server")
        assert proc.poll() is None, s.log_text()
        yield s
    finally:
        if proc.poll() is None:                  # SIGTERM to the command alone: it stops Voilà and cleans up
            os.kill(proc.pid, signal.SIGTERM)
            try: assert proc.wait(30) == 0, s.log_text()[-2000:]          # a stop by SIGTERM (or Ctrl-C) is a normal end
            except subprocess.TimeoutExpired: _stop(proc)
        _stop(proc)
        left = list(tmp.glob("avfusion-serve-*"))
        assert not left, f"the server left its temporary folder: {left}"


def _router(ctx):
    "A route handler: local requests pass, others are aborted and recorded in ctx.blocked_requests."
    def route(r):
        if _is_local(r.request.url): r.continue_()
        else:
            ctx.blocked_requests.append(r.request.url)
            r.abort("blockedbyclient")
    return route


@contextlib.contextmanager
def visitors(viewports):   # [(width, height, device_scale_factor)], one context each
    """One Chromium, one independent BrowserContext per viewport (its own cookies, its own Voilà kernel); requests to
    other hosts are aborted and recorded in `context.blocked_requests` (as tests/browser.py's `chromium` does)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(require_chromium()), headless=True, args=CHROMIUM_FLAGS)
        try:
            contexts = []
            for w, h, scale in viewports:
                ctx = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=scale,
                                          service_workers="block")
                ctx.blocked_requests = []
                ctx.route("**/*", _router(ctx))
                contexts.append(ctx)
            yield contexts
        finally:
            with contextlib.suppress(Exception): browser.close()


def _open(ctx, url: str):
    "A new page of the app, not yet waited for."
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    page.goto(url, wait_until="commit")
    return page


def _ready(page):
    "Wait until the app's widgets are there (the kernel ran the app's cell); the page's kernel id."
    page.wait_for_selector("button.t-serve-upload", timeout=180_000)
    return json.loads(page.inner_text("#jupyter-config-data"))["kernelId"]


def _upload(page, path):
    "Click the upload button and choose `path` in the file dialog, as a person does."
    with page.expect_file_chooser() as chooser: page.click("button.t-serve-upload")
    chooser.value.set_files(str(path))


def _docs_picture(png, out, height: int = 1240):
    "The picture the README and the docs site show at 712 px (data_samples/reference/serve.png is a copy): the page's top."
    from PIL import Image
    im = Image.open(png).convert("RGB")
    im.crop((0, 0, im.width, min(height, im.height))).save(out, optimize=True)


def _status(page) -> str: return page.inner_text(STATUS).replace("\xa0", " ")


def test_two_visitors_upload_explore_bad_input_and_leave_nothing(server, tmp_path):
    "Visitor A uploads the real clip, slides, switches head; visitor B's bad files get one message each; both leave clean."
    art = artifact_dir(ART, clear=False)
    t0, timings = time.monotonic(), {}
    bad_text = tmp_path / "notes.mp4"; bad_text.write_text("hello, this is not a video\n")
    empty = tmp_path / "empty.mp4"; empty.write_bytes(b"")
    big = tmp_path / "big.mp4"; big.write_bytes(os.urandom(int(2.5e6)))                # over the 2 MB limit
    # A: the docs column's width at twice the pixel density (the screenshot the README shows); B: a 1000 px window
    with visitors([(712, 1000, 2), (1000, 900, 1)]) as (ctx_a, ctx_b):
        a, b = _open(ctx_a, server.url), _open(ctx_b, server.url)                       # two visitors at once
        kernel_a, kernel_b = _ready(a), _ready(b)
        timings["both pages ready"] = time.monotonic() - t0
        assert kernel_a != kernel_b and len(server.kernels()) == 2, (kernel_a, kernel_b, server.kernels())
        assert "reference.pt" in a.inner_text(".t-serve-app")

        # ---- A: upload the real clip through the FileUpload, wait for the first picture
        u0 = time.monotonic()
        _upload(a, CLIP)
        wait_image_loaded(a, FRAME, timeout=120)
        timings["A: upload → first picture"] = time.monotonic() - u0
        assert "bigbuckbunny.mp4" in a.inner_text(".t-clip-explorer")
        _wait_for(lambda: "bigbuckbunny.mp4: opened in" in _status(a), 30, "the page saying the clip is open")
        frame0 = image_digest(a, FRAME)
        screenshot(a, art, "01_visitor_a_uploaded")
        _docs_picture(art / "01_visitor_a_uploaded.png", art / "serve.png")
        # the frame slider: one step right, a new picture
        src = a.eval_on_selector(FRAME, "i => i.src")
        a.focus(".t-frame-slider .noUi-handle"); a.keyboard.press("ArrowRight")
        wait_image_loaded(a, FRAME, changed_from=src)
        _wait_for(lambda: a.inner_text(".t-frame-slider .widget-readout").strip() == "1", 30, "the readout at frame 1")
        frame1 = image_digest(a, FRAME)
        assert frame1 != frame0
        # another head: the overlay is that head's Grad-CAM
        head0 = a.eval_on_selector(".t-head select", "s => s.value")
        heads = a.eval_on_selector(".t-head select", "s => Array.from(s.options).map(o => o.value)")
        labels = a.eval_on_selector(".t-head select", "s => Array.from(s.options).map(o => o.text)")
        other = next(i for i, (v, t) in enumerate(zip(heads, labels)) if v != head0 and t not in ("audio", "ensemble"))
        src = a.eval_on_selector(FRAME, "i => i.src")
        a.select_option(".t-head select", index=other)
        wait_image_loaded(a, FRAME, changed_from=src)
        _wait_for(lambda: labels[other] in a.inner_text(".t-caption").replace("\xa0", " "), 30, "the caption of the new head")
        assert image_digest(a, FRAME) != frame1, "switching head left the overlay as it was"
        screenshot(a, art, "02_visitor_a_other_head", locator=a.locator(".t-clip-explorer"))
        # the reference model holds a sync map: a fourth overlay, captioned with what of the sound it follows
        frame_head, src = image_digest(a, FRAME), a.eval_on_selector(FRAME, "i => i.src")
        a.locator(".t-overlay button", has_text="sync map").click()
        wait_image_loaded(a, FRAME, changed_from=src)
        _wait_for(lambda: "sync map" in a.inner_text(".t-caption"), 30, "the sync map's caption")
        assert "onsets and loudness" in a.inner_text(".t-caption").replace("\xa0", " ")
        assert image_digest(a, FRAME) != frame_head, "the sync-map overlay drew the same picture as Grad-CAM"
        screenshot(a, art, "02b_visitor_a_sync_map", locator=a.locator(".t-clip-explorer"))
        # and a fifth: the head's Grad-CAM times the sync map, another picture than either, captioned as such
        frame_sync, src = image_digest(a, FRAME), a.eval_on_selector(FRAME, "i => i.src")
        a.locator(".t-overlay button", has_text="Grad-CAM × sync").click()
        wait_image_loaded(a, FRAME, changed_from=src)
        _wait_for(lambda: "Grad-CAM × sync map" in a.inner_text(".t-caption"), 30, "the gated map's caption")
        assert labels[other] in a.inner_text(".t-caption").replace("\xa0", " ")      # the selected head's Grad-CAM
        assert image_digest(a, FRAME) not in (frame_head, frame_sync), "Grad-CAM × sync drew Grad-CAM's or the sync map's picture"
        screenshot(a, art, "02c_visitor_a_gated", locator=a.locator(".t-clip-explorer"))
        timings["A: slider and head checked"] = time.monotonic() - t0

        # ---- B: three bad uploads, one message each; then a sample opens in the same kernel
        for path, says in [(bad_text, "notes.mp4: not a media file FFmpeg can read"),
                           (empty, "empty.mp4: the file is empty"),
                           (big, f"big.mp4: 2.5 MB, more than this app's limit of {LIMIT_MB} MB")]:
            _upload(b, path)
            _wait_for(lambda: says in _status(b), 60, f"the message {says!r}")
            assert b.locator(".t-clip-explorer").count() == 0
        screenshot(b, art, "03_visitor_b_bad_upload")
        b.select_option(".t-serve-sample select", index=2)                  # the first SynthAV test clip
        wait_image_loaded(b, FRAME, timeout=120)
        assert "sav00000003" in b.inner_text(".t-clip-explorer") and "green" in b.inner_text(".t-caption")
        timings["B: bad uploads, then a sample"] = time.monotonic() - t0
        # A's page is untouched by B: its own clip, its own head
        assert "bigbuckbunny.mp4" in a.inner_text(".t-clip-explorer")
        assert a.eval_on_selector(".t-head select", "s => s.value") == heads[other]
        assert len(server.session_folders()) == 2

        # ---- both visitors close their pages (as a tab is closed: the page asks the server to end its kernel)
        blocked = ctx_a.blocked_requests + ctx_b.blocked_requests
        a.close(run_before_unload=True); b.close(run_before_unload=True)
        _wait_for(lambda: not server.kernels(), 60, "no kernel left")
        for k in (kernel_a, kernel_b):
            _wait_for(lambda: _get(f"{server.url}api/kernels/{k}") == 404, 30, f"the server to forget kernel {k}")
        _wait_for(lambda: not server.session_folders(), 30, "the upload folders removed")
        timings["pages closed, kernels and uploads gone"] = time.monotonic() - t0
    (art / "timings.json").write_text(json.dumps(timings, indent=1))
    print(timings)
    assert all(not u.startswith(("http://127.0.0.1", "http://localhost")) for u in blocked), blocked


def test_no_file_is_served_and_only_loopback_listens(server):
    "Single-notebook mode on 127.0.0.1: no file or folder of the machine is reachable through the app."
    import psutil
    for path in ("voila/files/app.ipynb", "voila/files/../../../etc/passwd", "voila/tree", "voila/render/app.ipynb",
                 "api/contents", "voila/api/contents/"):
        assert _get(server.url + path) in (302, 403, 404, 405), path
    listening = [c.laddr for p in [psutil.Process(server.proc.pid), *psutil.Process(server.proc.pid).children(True)]
                 for c in p.net_connections("inet") if c.status == psutil.CONN_LISTEN and c.laddr.port == server.port]
    assert listening and all(l.ip == "127.0.0.1" for l in listening), listening


# ---------------------------------------------------------------- the launcher's safety, without a server

def test_loopback_by_default_and_a_token_elsewhere():
    "The command binds 127.0.0.1 unless told otherwise; any other address needs a token, and the banner says why."
    from avfusion_viz.cli import build_parser
    from avfusion_viz.serve import serve_banner, voila_command
    args = build_parser()[1]["serve"].parse_args([])
    assert (args.ip, args.port, args.checkpoint, args.demo) == ("127.0.0.1", 8866, None, None)
    cmd = voila_command("app.ipynb")
    assert "--Voila.ip=127.0.0.1" in cmd and not any(a.startswith("--Voila.token") for a in cmd)
    with pytest.raises(ValueError, match="others can reach the app there, so it needs a token"):
        voila_command("app.ipynb", ip="0.0.0.0")
    assert {"--Voila.ip=0.0.0.0", "--Voila.token=s3cret"} <= set(voila_command("app.ipynb", ip="0.0.0.0", token="s3cret"))
    assert "this machine only" in serve_banner("127.0.0.1", 8866)[0]
    lines = serve_banner("0.0.0.0", 8866, "s3cret")
    assert "REACHABLE BY OTHERS" in lines[0] and lines[1].endswith(":8866/?token=s3cret")


def test_serve_makes_a_token_off_loopback_and_refuses_a_bad_checkpoint(tmp_path, monkeypatch, capsys):
    "serve() on 0.0.0.0 starts Voilà with a fresh random token and prints it; a bad checkpoint is one line, nothing starts."
    import avfusion_viz.serve as S
    from avfusion_viz.cli import main
    started = []
    class FakeVoila:                                   # records the command instead of starting a server
        def __init__(self, cmd, **kw): started.append((cmd, kw)); self.returncode = 0
        def poll(self): return 0
        def wait(self, timeout=None): return 0
    monkeypatch.setattr(S, "subprocess", types.SimpleNamespace(Popen=FakeVoila, TimeoutExpired=subprocess.TimeoutExpired))
    monkeypatch.setattr(S, "_wait_port", lambda *a: True)
    monkeypatch.setattr(S.tempfile, "tempdir", str(tmp_path))
    assert S.serve(ip="0.0.0.0", port=free_port()) == 0
    cmd, kw = started[0]
    token = next(a for a in cmd if a.startswith("--Voila.token=")).partition("=")[2]
    out = capsys.readouterr().out
    assert len(token) >= 24 and f"?token={token}" in out and "REACHABLE BY OTHERS" in out, out
    assert kw["env"][S.UPLOADS_ENV].startswith(str(tmp_path)) and not list(tmp_path.glob("avfusion-serve-*"))   # removed
    S.serve(port=free_port())
    assert not any(a.startswith("--Voila.token") for a in started[1][0])
    bad = tmp_path / "best.pt"; bad.write_bytes(b"not a checkpoint")
    rc = main(["serve", "--checkpoint", str(bad)])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 1 and len(started) == 2 and len(err) == 1, err
    assert err[0].startswith(f"avfusion-viz serve: error: {bad}: cannot read it as a checkpoint"), err
