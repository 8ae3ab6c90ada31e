"""Re-execute notebooks in place, so that their committed outputs (what GitHub and the docs site's `--fast` build
show) are those of the current code, with figures at twice their pixel density.

    .venv/bin/python .ci/docs/refresh.py nbs/tutorials/00_the_whole_game.ipynb [more.ipynb ...] [--widgets]

Each notebook runs as the docs build runs it (`build.execute`: nbclient, cwd = the notebook's folder, figures at 2x;
cells flagged `#| slow`/`#| cuda` or `#| eval: false` keep their committed outputs), is written back, and is
cleaned by `nbdev_clean`. No widget state is saved into the notebook unless `--widgets` is given: the dashboards
put a still picture (image/png) beside their widget view, which GitHub and the site show without a kernel; saved
state would make the widgets themselves render there, and is large. A notebook that fails is left as it was, and
the error is printed.
"""
import json, pathlib, sys, tempfile, time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from build import execute, settings, _rel   # noqa: E402
from nbdev.clean import nbdev_clean   # noqa: E402


def refresh(paths, widgets: bool = False) -> int:
    "Execute each notebook into a temporary file, then replace the notebook with it; the number that failed."
    skip = set(settings().get("tst_flags", "").split())
    failed = 0
    for p in map(pathlib.Path, paths):
        t = time.time()
        old = json.loads(p.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as tmp:
            out = pathlib.Path(tmp)/p.name
            try: execute(p.resolve(), out, skip)
            except Exception as e:
                failed += 1
                print(f"refresh: {_rel(p)} failed, left unchanged: {str(e)[-1500:]}", file=sys.stderr)
                continue
            new = json.loads(out.read_text(encoding="utf-8"))
        if not widgets:
            new["metadata"].pop("widgets", None)
            if "widgets" in old.get("metadata", {}): new["metadata"]["widgets"] = old["metadata"]["widgets"]
        p.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        nbdev_clean(fname=str(p))
        print(f"refresh: {_rel(p)} executed in {time.time() - t:.0f} s")
    return failed


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--widgets"]
    if not args: sys.exit(__doc__)
    sys.exit(1 if refresh(args, widgets="--widgets" in sys.argv[1:]) else 0)
