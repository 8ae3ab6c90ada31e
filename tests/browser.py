"""Drive a real JupyterLab in headless Chromium, as a person would: the harness shared by the browser tests.

`chromium(tmp_path)` yields a playwright BrowserContext (Debian's /usr/bin/chromium, a fresh profile deleted
afterwards) whose requests to any host other than 127.0.0.1/localhost are aborted and recorded in
`context.blocked_requests`; console errors and page errors go to `context.console_errors`.
`jupyterlab(tmp_path, notebook_dir)` yields a `Lab` (isolated JUPYTER_* folders, token, 127.0.0.1, free port,
news pop-up off, windowing mode none, `window.jupyterapp` exposed), stopped by its PID afterwards, its log kept.
Page helpers: `open_notebook`, `wait_kernel_idle`, `run_all_cells`, `wait_image_loaded`, `image_digest` (what an
img shows: widget images are blob: URLs, new on every update, so compare bytes, not src), `screenshot`.
Screenshots go to `artifact_dir(name)` = tests/artifacts/<name>/ (gitignored).

Facts behind the flags and selectors: /work/shared/notes/browser-testing.md (measured on this kind of machine).
"""
import contextlib, dataclasses, json, os, pathlib, secrets, shutil, signal, socket, subprocess, sys, tempfile, time
import urllib.error, urllib.parse, urllib.request, warnings

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT/"tests"/"artifacts"
CHROMIUM = pathlib.Path(os.environ.get("AVF_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def in_ci() -> bool:
    "True under CI (env CI or AVF_CI set to anything but '', '0', 'false'): there a missing browser is a failure."
    return any(os.environ.get(k, "").lower() not in ("", "0", "false", "no") for k in ("CI", "AVF_CI"))


def require_chromium() -> pathlib.Path:
    "Chromium's path; outside CI skip loudly when it or playwright is missing, in CI fail."
    problems = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        problems.append(f"no Chromium at {CHROMIUM} (install Debian's package: apt-get install -y chromium, "
                        "or run .ci/system-deps; never `playwright install`)")
    try: import playwright.sync_api  # noqa: F401
    except ImportError: problems.append("the playwright package is not importable (it is pinned in .ci/constraints.txt)")
    if problems:
        msg = "BROWSER TEST NOT RUN: " + "; ".join(problems)
        if in_ci(): pytest.fail(msg + " [CI/AVF_CI is set, so this is a failure]", pytrace=False)
        warnings.warn(msg)  # shown in pytest's warnings summary even without -rs
        pytest.skip(msg)
    return CHROMIUM


def artifact_dir(name: str, clear: bool = True) -> pathlib.Path:
    "tests/artifacts/<name>/ (gitignored), emptied first when `clear`, for screenshots and logs of one test."
    d = ARTIFACTS/name
    if clear and d.exists(): shutil.rmtree(d)
    d.mkdir(parents=True, exist_ok=True)
    return d


def _is_local(url: str) -> bool:
    p = urllib.parse.urlsplit(url)
    if p.scheme in ("data", "blob", "about", "chrome", "chrome-extension", "devtools"): return True
    return (p.hostname or "") in LOCAL_HOSTS


@contextlib.contextmanager
def chromium(tmp_path, viewport=(1280, 1000), headless: bool = True):
    "A playwright BrowserContext on /usr/bin/chromium; non-local requests aborted and recorded in `.blocked_requests`."
    exe = require_chromium()
    from playwright.sync_api import sync_playwright
    profile = pathlib.Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp_path))
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(exe), headless=headless, args=CHROMIUM_FLAGS,
            viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block")
        ctx.blocked_requests, ctx.console_errors = [], []

        def _route(route):
            url = route.request.url
            if _is_local(url): route.continue_()
            else:
                ctx.blocked_requests.append(url)
                route.abort("blockedbyclient")

        def _console(msg):
            if msg.type == "error": ctx.console_errors.append(f"console: {msg.text} ({msg.location.get('url', '')})")

        ctx.route("**/*", _route)
        ctx.on("console", _console)
        ctx.on("weberror", lambda e: ctx.console_errors.append(f"pageerror: {e.error}"))
        try: yield ctx
        finally:
            with contextlib.suppress(Exception): ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


# ---------------------------------------------------------------- JupyterLab server

@dataclasses.dataclass
class Lab:
    "A running JupyterLab server."
    port: int            # its TCP port on 127.0.0.1
    token: str           # the auth token
    root_dir: pathlib.Path  # the folder it serves (notebooks live here)
    log_path: pathlib.Path  # its stdout+stderr
    pid: int             # the server's process id (its own process group)

    @property
    def base_url(self) -> str: return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str = "") -> str:
        "URL opening `notebook` (path relative to root_dir) in the lab, token included."
        path = "/lab/tree/" + urllib.parse.quote(notebook) if notebook else "/lab"
        return f"{self.base_url}{path}?token={self.token}"

    def log_tail(self, n: int = 40) -> str:
        "The last `n` lines of the server log."
        try: return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError: return "(no log)"


def free_port() -> int:
    "A TCP port on 127.0.0.1 that is free right now."
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_lab_settings(settings_dir: pathlib.Path):
    "User settings: no news/update pop-up, every notebook cell rendered (windowing none), no extension manager."
    files = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
             "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
             "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings": {"enabled": False}}
    for rel, value in files.items():
        p = settings_dir/rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(value))


def _stop(proc: subprocess.Popen, grace: float = 8.0):
    "SIGTERM the server's process group (it and its kernels), SIGKILL what is left after `grace` seconds."
    if proc.poll() is not None: return
    with contextlib.suppress(ProcessLookupError): os.killpg(proc.pid, signal.SIGTERM)
    try: proc.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError): os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


@contextlib.contextmanager
def jupyterlab(tmp_path, notebook_dir, log_path=None, startup_timeout: float = 120.0, extra_env=None):
    "A JupyterLab server on 127.0.0.1 serving `notebook_dir`, isolated config, stopped by PID afterwards."
    tmp_path, notebook_dir = pathlib.Path(tmp_path), pathlib.Path(notebook_dir)
    home = tmp_path/"jupyter-home"
    dirs = {k: home/v for k, v in dict(JUPYTER_CONFIG_DIR="config", JUPYTER_DATA_DIR="data", JUPYTER_RUNTIME_DIR="runtime",
                                      IPYTHONDIR="ipython", JUPYTERLAB_SETTINGS_DIR="lab-settings",
                                      JUPYTERLAB_WORKSPACES_DIR="lab-workspaces").items()}
    for d in dirs.values(): d.mkdir(parents=True, exist_ok=True)
    _write_lab_settings(dirs["JUPYTERLAB_SETTINGS_DIR"])
    env = dict(os.environ, **{k: str(v) for k, v in dirs.items()})
    env["PATH"] = f"{pathlib.Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("MPLBACKEND", None)  # a person's kernel uses the inline backend, not CI's Agg
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.update(extra_env or {})
    port, token = free_port(), secrets.token_hex(16)
    log_path = pathlib.Path(log_path) if log_path else tmp_path/"jupyterlab.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={notebook_dir}", "--LabApp.expose_app_in_browser=True",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                cwd=notebook_dir, start_new_session=True)
    lab = Lab(port, token, notebook_dir, log_path, proc.pid)
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {proc.returncode} before it was ready; "
                                   f"its log ({log_path}):\n{lab.log_tail()}")
            try:
                with urllib.request.urlopen(f"{lab.base_url}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200: break
            except (urllib.error.URLError, OSError): pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterLab did not answer /api/status within {startup_timeout:.0f} s; "
                                   f"its log ({log_path}):\n{lab.log_tail()}")
            time.sleep(0.25)
        yield lab
    finally:
        _stop(proc)


# ---------------------------------------------------------------- page helpers

def wait_kernel_idle(page, timeout: float = 120.0):
    "Wait until the status bar says '<kernel> | Idle' (the notebook's own indicator says idle too early)."
    page.wait_for_function(
        "() => { const s = document.querySelector('#jp-main-statusbar');"
        "        return !!s && !/No Kernel/.test(s.innerText) && /\\|\\s*Idle/.test(s.innerText); }", timeout=timeout*1000)


def open_notebook(page, lab: Lab, notebook: str, timeout: float = 180.0):
    "Open `notebook` (relative to the lab's root) and wait until its kernel is idle."
    page.goto(lab.url(notebook), wait_until="domcontentloaded", timeout=timeout*1000)
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=timeout*1000)
    page.wait_for_function("() => !!window.jupyterapp", timeout=timeout*1000)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # the file browser only takes room in screenshots
    wait_kernel_idle(page, timeout)


_ERROR_JS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
    .map(e => e.innerText).filter(t => /Traceback|Error\\b/.test(t))"""

_DONE_JS = """() => {
    const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    if (!nb) return false;
    const prompts = Array.from(nb.querySelectorAll('.jp-CodeCell .jp-InputArea .jp-InputPrompt'));
    const done = prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.innerText));
    return done || (""" + _ERROR_JS + """)().length > 0; }"""


def cell_errors(page) -> list:
    "Texts of error outputs (tracebacks) in the shown notebook."
    return page.evaluate(_ERROR_JS)


def run_all_cells(page, timeout: float = 300.0):
    "Run All Cells, wait until every code cell has an execution number and the kernel is idle; fail on a traceback."
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(_DONE_JS, timeout=timeout*1000, polling=250)
    errors = cell_errors(page)
    assert not errors, "a notebook cell raised in the browser:\n" + "\n---\n".join(errors)
    wait_kernel_idle(page, timeout)


def wait_image_loaded(page, selector: str, changed_from: str = None, timeout: float = 60.0) -> str:
    "Wait until the first img matching `selector` has loaded (and its src differs from `changed_from`); its src."
    page.wait_for_function(
        """([sel, old]) => { const i = document.querySelector(sel);
             return !!i && !!i.src && i.complete && i.naturalWidth > 0 && (old === null || i.src !== old); }""",
        arg=[selector, changed_from], timeout=timeout*1000, polling=100)
    return page.eval_on_selector(selector, "i => i.src")


def image_digest(page, selector: str) -> str:
    "SHA-256 (hex) of the bytes the first img matching `selector` shows (its src fetched in the page: blob:, data:, http)."
    return page.evaluate("""async sel => { const i = document.querySelector(sel);
        const bytes = await (await fetch(i.src)).arrayBuffer();
        const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        return Array.from(d).map(x => x.toString(16).padStart(2, '0')).join(''); }""", selector)


def screenshot(page, folder, name: str, locator=None) -> pathlib.Path:
    "Save a PNG of the page (or of `locator`, scrolled into view) as `folder`/`name`.png; its path."
    path = pathlib.Path(folder)/f"{name}.png"
    if locator is not None:
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=str(path))
    else: page.screenshot(path=str(path))
    return path
