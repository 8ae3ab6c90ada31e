"""The one `check_answer` of the student path: tolerant of how an answer is written, strict about what it says; every
tutorial exercise uses it (no private copies), and the solutions notebook shows each right answer passing and each
expected wrong answer failing."""
import json, pathlib, re
from avfusion_viz.exercises import check_answer, same_answer, as_number

ROOT = pathlib.Path(__file__).resolve().parent.parent
TUTORIALS = sorted((ROOT / "nbs" / "tutorials").glob("[0-9][0-9]_*.ipynb"))

def _code(nb_path):
    return ["".join(c["source"]) for c in json.loads(nb_path.read_text())["cells"] if c["cell_type"] == "code"]

def test_tolerant_of_container_and_number_format():
    assert check_answer([15, ["3", 100, 80.0]], (15, (3, 100, 80)), quiet=True)
    assert check_answer(("onset", ["engine", "siren"]), ("onset", {"siren", "engine"}), quiet=True)
    assert check_answer("66%", 0.66, quiet=True) and check_answer("2/3", 2 / 3, quiet=True)
    assert as_number("1,000") == 1000 and as_number("\u22122") == -2

def test_wrong_answers_fail_with_the_matching_hint(capsys):
    assert not check_answer(3, 4, "general", {3: "specific"})
    assert "specific" in capsys.readouterr().out
    assert not check_answer(5, 4, "general", {3: "specific"})
    assert "general" in capsys.readouterr().out
    assert not check_answer(None, 4)
    for wrong, truth in [(66, 0.66), ((1, 2), {1, 2, 3}), ([3, 2, 1], (1, 2, 3)), ("four", 4), (True, 1)]:
        assert not same_answer(wrong, truth), (wrong, truth)

def test_every_exercise_uses_the_package_check():
    for nb in TUTORIALS:
        code = "\n".join(_code(nb))
        if "answer = None" not in code: continue
        assert "def check_answer" not in code, f"{nb.name}: defines its own check_answer; import avfusion_viz.exercises"
        assert "from avfusion_viz.exercises import check_answer" in code, nb.name

def test_solutions_notebook_covers_every_exercise_with_a_wrong_answer():
    sol = "\n".join(_code(ROOT / "nbs" / "tutorials" / "solutions.ipynb"))
    with_exercise = [nb for nb in TUTORIALS if "answer = None" in "\n".join(_code(nb))]
    assert len(with_exercise) >= 6
    for nb in with_exercise:
        n = re.match(r"(\d+)_", nb.name).group(1)
        assert f"WRONG_{n}" in sol and f"assert not check_answer(wrong" in sol, f"{nb.name}: no wrong answer checked"
        solved = [l for c in _code(nb) for l in c.splitlines() if re.match(r"\s*solution\s*=", l)]
        assert not solved, f"{nb.name}: the solution sits in the tutorial ({solved[0]!r}); it belongs in solutions.ipynb"
