"The console script as a user runs it: real processes, real files."
import subprocess, pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLIP = ROOT/"data_samples/bigbuckbunny.mp4"

def run(*args, env, **kw):
    return subprocess.run(["avfusion-viz", *args], capture_output=True, text=True, env=env, **kw)

def test_inspect_real_clip(tmp_path, env):
    r = run("inspect", str(CLIP), "--out", str(tmp_path), env=env)
    assert r.returncode == 0, r.stderr
    assert "(100, 112, 112, 3)" in r.stdout and "(160000,)" in r.stdout
    assert "(1000, 80) -> audio-net input (10, 100, 80)" in r.stdout
    assert "padded" in r.stdout                      # the clip is 5.3 s: a 10 s request pads and says so
    png = tmp_path/"inspect.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000

def test_inspect_short_request(tmp_path, env):
    r = run("inspect", str(CLIP), "--out", str(tmp_path), "--seconds", "4", "--start", "1", env=env)
    assert r.returncode == 0, r.stderr
    assert "(40, 112, 112, 3)" in r.stdout and "(400, 80) -> audio-net input (4, 100, 80)" in r.stdout
    assert "padded" not in r.stdout

def check_one_line_error(r, path):
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert str(path) in lines[0] and lines[0].startswith("avfusion-viz inspect: error:")

def test_missing_file(tmp_path, env):
    p = tmp_path/"nope.mp4"
    check_one_line_error(run("inspect", str(p), "--out", str(tmp_path), env=env), p)

def test_not_a_video(tmp_path, env):
    p = tmp_path/"text.mp4"; p.write_text("hello, I am not a video\n" * 100)
    check_one_line_error(run("inspect", str(p), "--out", str(tmp_path), env=env), p)

def test_truncated_video(tmp_path, env):
    p = tmp_path/"cut.mp4"; p.write_bytes(CLIP.read_bytes()[:20_000])
    check_one_line_error(run("inspect", str(p), "--out", str(tmp_path), env=env), p)

def test_unknown_command(env):
    r = run("frobnicate", env=env)
    assert r.returncode == 2 and "invalid choice" in r.stderr

def test_fractional_seconds_rejected_by_the_parser(tmp_path, env):
    r = run("inspect", str(CLIP), "--out", str(tmp_path), "--seconds", "4.5", env=env)
    assert r.returncode == 2 and "invalid int value" in r.stderr and "Traceback" not in r.stderr
