"""Index readers on bad input: every bad row is one IndexFormatError that starts with `file:line:` and says what to do;
exact repeats are kept once with one warning; empty and non-UTF-8 files read the same way everywhere; and a seeded
fuzz of random edits never lets another exception out."""
import json, random, shutil, warnings
import pytest

from avfusion_viz.data import (IndexFormatError, read_vggsound, read_kinetics, read_ave, read_llp, read_multilabel,
                               read_vggss, read_synthav, AVE_HEADER)

K_HEAD = "label,youtube_id,time_start,time_end,split"
ML_HEAD = "index,file,label,candidates,chosen"
LLP_HEAD = "filename\tevent_labels"

def vggss(*entries) -> str: return json.dumps(list(entries), allow_nan=True, indent=1)
def box(file="abcdefghijk_000030", cls="dog", *b): return {"file": file, "class": cls, "bbox": [list(b or (0.1, 0.2, 0.5, 0.6))]}

# reader, file name, a good file, its number of samples
READERS = {
    "vggsound": (read_vggsound, "v.csv", "abc,1,dog barking,train\ndef,30,cat,test\n", 2),
    "kinetics": (read_kinetics, "k.csv", f"{K_HEAD}\ndog,abc,1,11,train\ncat,def,30,40,val\n", 2),
    "ave": (read_ave, "ave.txt", f"{AVE_HEADER}\nBark&abc&good&2&5\nBell&def&good&0&10\n", 2),
    "llp": (read_llp, "llp.tsv", f"{LLP_HEAD}\nabc_20_30\tSpeech,Dog\ndef_0_10\tCat\n", 2),
    "multilabel": (read_multilabel, "ml.csv", f"{ML_HEAD}\n1,a.mp4,dog,dog;cat,dog\n2,b.mp4,cat,cat,cat\n", 2),
    "vggss": (read_vggss, "g.json", vggss(box(), box("bcdefghijkl_000001", "cat")), 2),
}

# (reader, file text, where the error is, words the message holds)
BAD = [
    ("vggsound", "abc,1,dog,train\nabc,1e20,dog,train\n", 2, "past the end of any video"),
    ("vggsound", "abc,1e308,dog,train\n", 1, "past the end of any video"),
    ("vggsound", "abc,nan,dog,train\n", 1, "must be a finite number"),
    ("vggsound", "abc,-3,dog,train\n", 1, "must be a finite number >= 0"),
    ("vggsound", "abc,1,do\x00g,train\n", 1, "holds the control character '\\x00'"),
    ("vggsound", "abc,1,dog,trian\n", 1, "split 'trian' is not one of train, val, validate, validation, test (did you mean 'train'?)"),
    ("vggsound", "abc,1,dog,train\nxyz,2,cat,test\nabc,1,cat,train\n", 3, "again, with ['cat'], but line 1 gives it ['dog']"),
    ("vggsound", "abc,1,dog\n", 1, "expected 4 fields"),
    ("kinetics", f"{K_HEAD}\ndog,abc,10,5,train\n", 2, "time_end 5.0 is not after time_start 10.0"),
    ("kinetics", f"{K_HEAD}\ndog,abc,1e20,1e21,train\n", 2, "past the end of any video"),
    ("kinetics", f"{K_HEAD}\ndog,abc,NaN,5,train\n", 2, "must be a finite number"),
    ("kinetics", f"{K_HEAD}\nd\x00og,abc,1,5,train\n", 2, "control character"),
    ("kinetics", f"{K_HEAD}\ndog,abc,1,5,tset\n", 2, "split 'tset' is not one of"),
    ("kinetics", f"{K_HEAD}\ndog,abc,1,5,train\ncat,abc,1,5,train\n", 3, "but line 2 gives it ['dog']"),
    ("ave", f"{AVE_HEADER}\nBark&abc&good&2&12\n", 2, "EndTime 12 is past the end of the 10 s video"),
    ("ave", f"{AVE_HEADER}\nBark&abc&good&1e20&5\n", 2, "past the end of any video (more than 10 s)"),
    ("ave", f"{AVE_HEADER}\nBark&abc&good&5&2\n", 2, "EndTime 2.0 is before StartTime 5.0"),
    ("ave", f"{AVE_HEADER}\nBa\x00rk&abc&good&2&5\n", 2, "control character"),
    ("ave", f"{AVE_HEADER}\nBark&abc&good&2&5\nBell&abc&good&2&5\n", 3, "but line 2 gives it ['Bark']"),
    ("llp", f"{LLP_HEAD}\nabc_30_20\tSpeech\n", 2, "end 20 of abc_30_20 is not after its start 30"),
    ("llp", f"{LLP_HEAD}\nabc_{'1' * 26}_{'2' * 26}\tSpeech\n", 2, "past the end of any video"),
    ("llp", f"{LLP_HEAD}\nabc_20_30\tSpe\x00ech\n", 2, "control character"),
    ("llp", f"{LLP_HEAD}\nabc_20_30\tSpeech\nabc_20_30\tDog\n", 3, "but line 2 gives it ['Speech']"),
    ("multilabel", f"{ML_HEAD}\n1,a.mp4,dog,dog;c\x00at,dog\n", 2, "control character"),
    ("multilabel", f"{ML_HEAD}\n1,a.mp4,dog,dog,dog\n2,a.mp4,cat,cat,cat\n", 3, "but line 2 gives it"),
    ("vggss", vggss(box(), box("x_000001", "dog", float("nan"), 0, 1, 1)), "entry 1", "not 4 finite numbers"),
    ("vggss", vggss(box("x_000001", "dog", True, 0, 1, 1)), "entry 0", "not 4 finite numbers"),
    ("vggss", vggss(box("x_000001", "dog", 0.5, 0.1, 0.2, 0.7)), "entry 0", "has max < min"),
    ("vggss", vggss(box("x_000001", "dog", 1.2, 0.1, 1.5, 0.7)), "entry 0", "lies outside the frame"),
    ("vggss", vggss(box("x_" + "9" * 26, "dog")), "entry 0", "past the end of any video"),
    ("vggss", vggss(box("x_000001", "d\x00og")), "entry 0", "control character"),
    ("vggss", vggss(box("x_000001", "dog"), box("x_000001", "cat")), "entry 1", "but entry 0 gives it"),
    ("vggss", vggss(box("x_\u00b2", "dog")), "entry 0", "is not '{youtube_id}_{start:06d}'"),
    ("vggss", vggss({"file": 3, "class": "dog", "bbox": [[0, 0, 1, 1]]}), "entry 0", "must be strings"),
]

@pytest.mark.parametrize("name, text, where, says", BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_a_bad_row_is_one_error_naming_file_and_line(tmp_path, name, text, where, says):
    read, fname, _, _ = READERS[name]
    path = tmp_path / fname
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IndexFormatError) as e: read(path)
    message = str(e.value)
    assert message.startswith(f"{path}:{where}: ") and says in message, message
    assert "; " in message.split(f"{path}:{where}: ", 1)[1]             # ... then what to do about it

@pytest.mark.parametrize("name", READERS)
def test_the_good_files_read(tmp_path, name):
    read, fname, text, n = READERS[name]
    (tmp_path / fname).write_text(text, encoding="utf-8")
    assert len(read(tmp_path / fname)) == n

@pytest.mark.parametrize("name", [n for n in READERS if n != "vggss"])
def test_an_exact_repeat_is_kept_once_with_one_warning(tmp_path, name):
    read, fname, text, n = READERS[name]
    lines = text.splitlines()
    (tmp_path / fname).write_text("\n".join(lines + [lines[-1], lines[-1]]) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"2 line\(s\) repeat a clip listed before with the same labels") as seen:
        assert len(read(tmp_path / fname)) == n
    assert len(seen) == 1

@pytest.mark.parametrize("name", READERS)
@pytest.mark.parametrize("empty", [b"", b"\xef\xbb\xbf", b"\n \n\t\n"], ids=["0 bytes", "BOM", "blank lines"])
def test_empty_files_are_the_same_error_everywhere(tmp_path, name, empty):
    read, fname, _, _ = READERS[name]
    (tmp_path / fname).write_bytes(empty)
    with pytest.raises(IndexFormatError, match=f"^{tmp_path / fname}:1: the file is empty; "): read(tmp_path / fname)

@pytest.mark.parametrize("name", READERS)
def test_a_byte_that_is_not_utf8_is_named_with_its_line(tmp_path, name):
    read, fname, text, _ = READERS[name]
    lines = text.encode().split(b"\n")
    lines[1] = lines[1].replace(b"a", b"\xe9", 1) if b"a" in lines[1] else lines[1] + b"\xe9"
    (tmp_path / fname).write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines))
    with pytest.raises(IndexFormatError, match=f"^{tmp_path / fname}:2: byte 0xe9 is not UTF-8"): read(tmp_path / fname)

NASTY = [",", "\t", "&", ";", '"', "\x00", "\n", "\r\n", "_", "-", ".", "e", "E", "9", "0", "nan", "inf", "1e308", "-1",
         "[", "]", "{", "}", ":", "true", "null", "NaN", "é", "\u00b2", " ", "trian", "\ufeff", "0" * 30]

@pytest.mark.parametrize("name", READERS)
def test_random_edits_give_an_index_or_one_index_format_error(tmp_path, name):
    "A seeded fuzz: 150 files per reader, each the good one with 1-4 random edits; nothing but IndexFormatError escapes."
    read, fname, text, _ = READERS[name]
    rng, outcomes = random.Random(f"fuzz-{name}"), {"read": 0, "refused": 0}
    path = tmp_path / fname
    for trial in range(150):
        t = text
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(t) + 1)
            edit = rng.choice(("insert", "replace", "delete"))
            piece = rng.choice(NASTY)
            t = (t[:at] + piece + t[at:] if edit == "insert" else t[:at] + piece + t[at + 1:] if edit == "replace"
                 else t[:at] + t[at + rng.randint(1, 5):])
        raw = t.encode("utf-8", "surrogatepass")
        if rng.random() < 0.1: raw = raw.replace(b"a", b"\xff", 1)
        path.write_bytes(raw)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                read(path)
            outcomes["read"] += 1
        except IndexFormatError as e:
            assert str(e).startswith(f"{path}:"), (trial, t, str(e))
            outcomes["refused"] += 1
        except Exception as e:   # anything else is a defect: show the input that caused it
            pytest.fail(f"{name} trial {trial}: {type(e).__name__}: {e} on {raw!r}")
    assert outcomes["read"] and outcomes["refused"], outcomes   # the fuzz reached both outcomes

# --- synthav.json and sidecars --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def made(tmp_path_factory):
    from avfusion_viz import synthav
    out = tmp_path_factory.mktemp("sav") / "set"
    return synthav.write_dataset(out, 3, seconds=1.0, size=32, fps=10.0, seed=0, workers=0, progress=False)

@pytest.fixture
def folder(made, tmp_path):
    shutil.copytree(made, tmp_path / "set")
    return tmp_path / "set"

@pytest.mark.parametrize("change, where, says", [
    (lambda t: "[1, 2]", 1, "expected a JSON object with settings, classes and files, got a list"),
    (lambda t: t[:40], None, "not valid JSON"),
    (lambda t: t.replace('"seconds": 1.0', '"seconds": "one"'), "settings.seconds", "'one' is not a clip length"),
    (lambda t: t.replace('"settings": {', '"settings": [{', 1).replace('},\n "classes"', '}],\n "classes"', 1),
     "settings", "settings must be a JSON dict"),
])
def test_a_broken_synthav_json_names_the_file(folder, change, where, says):
    meta = folder / "synthav.json"
    meta.write_text(change(meta.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(IndexFormatError) as e: read_synthav(folder)
    assert str(e.value).startswith(f"{meta}:" + (f"{where}: " if where is not None else "")) and says in str(e.value)

def test_synthav_json_with_a_bom_or_in_latin1(folder):
    meta = folder / "synthav.json"
    meta.write_bytes(b"\xef\xbb\xbf" + meta.read_bytes())
    assert len(read_synthav(folder)) == 3                              # a BOM is accepted, as by the CSV readers
    meta.write_bytes(meta.read_bytes().replace(b'"generator"', b'"g\xe9nerator"'))
    with pytest.raises(IndexFormatError, match=rf"^{meta}:2: byte 0xe9 is not UTF-8"): read_synthav(folder)

def test_a_corrupt_sidecar_names_its_file(folder):
    side = sorted((folder / "video").glob("*.json"))[1]
    side.write_text('{"label": "drum", ')
    with pytest.raises(IndexFormatError, match=rf"^{side}:1: not valid JSON.*or delete {side.name}"): read_synthav(folder)
    assert len(read_synthav(folder, sidecars=False)) == 3
