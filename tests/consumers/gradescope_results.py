#!/usr/bin/python3
"""gradescope_results.py FILE [SCORE] - FILE must be a results.json in the
shape Gradescope documents (gradescope/autograder_samples docs/specs.md):
known keys only, numbers where numbers go, known status, visibility and
format values. With SCORE, the top-level score must equal it."""
import json
import numbers
import sys

TOP = {"score", "execution_time", "output", "output_format", "test_output_format",
       "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
       "leaderboard"}
TEST = {"score", "max_score", "status", "name", "name_format", "number", "output",
        "output_format", "tags", "visibility", "extra_data"}
VIS = {"hidden", "after_due_date", "after_published", "visible"}
FMT = {"text", "html", "simple_format", "md", "ansi"}

d = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(d, dict) and set(d) <= TOP, set(d) - TOP
assert "score" in d or "tests" in d
if "score" in d:
    assert isinstance(d["score"], numbers.Number) and not isinstance(d["score"], bool)
if "execution_time" in d:
    assert isinstance(d["execution_time"], numbers.Number) and d["execution_time"] >= 0
for k in ("output_format", "test_output_format", "test_name_format"):
    assert d.get(k, "text") in FMT, (k, d[k])
for k in ("visibility", "stdout_visibility"):
    assert d.get(k, "visible") in VIS, (k, d[k])
assert isinstance(d.get("output", ""), str)
assert isinstance(d.get("extra_data", {}), dict)
for t in d.get("tests", []):
    assert isinstance(t, dict) and set(t) <= TEST, set(t) - TEST
    assert isinstance(t.get("name", ""), str) and isinstance(t.get("output", ""), str)
    for k in ("score", "max_score"):
        if k in t:
            assert isinstance(t[k], numbers.Number) and not isinstance(t[k], bool), (k, t)
    assert t.get("status", "passed") in ("passed", "failed"), t
    assert t.get("visibility", "visible") in VIS, t
    assert t.get("output_format", "text") in FMT and t.get("name_format", "text") in FMT
    assert isinstance(t.get("number", ""), str)
    assert all(isinstance(x, str) for x in t.get("tags", []))
if len(sys.argv) > 2:
    assert d["score"] == float(sys.argv[2]), (d["score"], sys.argv[2])
print("gradescope results ok")
