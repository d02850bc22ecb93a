#!/usr/bin/env python3
"""Collects the peers' outputs written by run_peers.sh into one JSON object and prints a table.

usage: combine_peers.py RUN_DIR [--out FILE]
RUN_DIR holds, per peer NAME: NAME.out (stdout), NAME.err (stderr), NAME.rc (exit status),
optionally NAME.note; plus params.json and notes.txt (skip notes from the shell script).
A peer whose exit status is not 0, or whose stdout holds no JSON object with a steps/s
figure, is listed under "skipped" with the reason -- never given a number.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys


def extract_json(text: str):
    """The last line that parses as a JSON object; else the span from the first '{' to the last '}'."""
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                obj = json.loads(line)
                if isinstance(obj, dict):
                    return obj
            except json.JSONDecodeError:
                pass
    i, j = text.find("{"), text.rfind("}")
    if 0 <= i < j:
        try:
            obj = json.loads(text[i:j + 1])
            if isinstance(obj, dict):
                return obj
        except json.JSONDecodeError:
            pass
    return None


def find_rate(obj, path=""):
    """(key path, value) of a steps-per-second figure: 'stepsPerSecond' first, else any key like it."""
    if isinstance(obj, dict):
        if isinstance(obj.get("stepsPerSecond"), (int, float)):
            return (path + "stepsPerSecond", float(obj["stepsPerSecond"]))
        for k, v in obj.items():
            if isinstance(v, (int, float)) and re.search(r"steps?[_ ]?per[_ ]?s(ec(ond)?)?$", k, re.I):
                return (path + k, float(v))
        for k, v in obj.items():
            found = find_rate(v, path + k + ".")
            if found:
                return found
    elif isinstance(obj, list):
        for n, v in enumerate(obj):
            found = find_rate(v, f"{path}{n}.")
            if found:
                return found
    return None


def tail(text: str, n=400) -> str:
    text = text.strip()
    return text[-n:] if len(text) > n else text


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    d = args.run_dir
    params = json.load(open(os.path.join(d, "params.json")))
    order = [line.strip() for line in open(os.path.join(d, "order.txt")) if line.strip()]
    notes_path = os.path.join(d, "notes.txt")
    skipped = []
    if os.path.exists(notes_path):
        for line in open(notes_path):
            if "\t" in line:
                name, reason = line.rstrip("\n").split("\t", 1)
                skipped.append({"peer": name, "reason": reason})
    peers = []
    for name in order:
        rc = int(open(os.path.join(d, name + ".rc")).read().strip() or "1")
        out = open(os.path.join(d, name + ".out"), errors="replace").read()
        err = open(os.path.join(d, name + ".err"), errors="replace").read()
        note_file = os.path.join(d, name + ".note")
        note = open(note_file).read().strip() if os.path.exists(note_file) else None
        if rc == 3:
            skipped.append({"peer": name, "reason": "skipped by the peer: " + tail(err, 300)})
            continue
        if rc != 0:
            skipped.append({"peer": name, "reason": f"failed with exit status {rc}: " + tail(err + out, 400)})
            continue
        obj = extract_json(out)
        if obj is None:
            skipped.append({"peer": name, "reason": "no JSON object on stdout: " + tail(out, 300)})
            continue
        found = find_rate(obj)
        if found is None:
            skipped.append({"peer": name, "reason": "JSON has no steps-per-second field", "json": obj})
            continue
        entry = {"name": name, "stepsPerSecond": found[1], "stepsPerSecondField": found[0], "result": obj}
        if note:
            entry["note"] = note
        peers.append(entry)

    base = next((p for p in peers if p["name"] == "washboard"), None) or next(
        (p for p in peers if p["name"] == "numpy"), None)
    for p in peers:
        p["ratioToBaseline"] = (p["stepsPerSecond"] / base["stepsPerSecond"]) if base else None
    combined = {
        "params": params,
        "baseline": base["name"] if base else None,
        "peers": peers,
        "skipped": skipped,
    }
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(combined, fh, indent=2)
            fh.write("\n")

    # table
    bname = base["name"] if base else "-"
    print(f"\nparameters: {json.dumps(params)}")
    hdr = f"{'peer':<14} {'dtype':<8} {'device':<44} {'traj x steps':>18} {'seconds':>9} {'steps/s':>11} {'x ' + bname:>12}"
    print(hdr)
    print("-" * len(hdr))
    for p in peers:
        r = p["result"]
        dev = str(r.get("device", "?"))[:44]
        ts = f"{r.get('trajectories', '?')} x {r.get('steps', '?')}"
        sec = r.get("seconds")
        sec_s = f"{sec:9.3f}" if isinstance(sec, (int, float)) else f"{'?':>9}"
        ratio = p["ratioToBaseline"]
        ratio_s = f"{ratio:12.3g}" if ratio is not None else f"{'-':>12}"
        print(f"{p['name']:<14} {str(r.get('dtype', '?')):<8} {dev:<44} {ts:>18} {sec_s} "
              f"{p['stepsPerSecond']:11.4g} {ratio_s}")
    for p in peers:
        parts = [str(x) for x in (p["result"].get("counting"), p.get("note")) if x]
        if parts:
            print(f"  {p['name']}: {'; '.join(parts)}")
    for s in skipped:
        print(f"  skipped {s['peer']}: {s['reason']}")
    if args.out:
        print(f"combined JSON written to {args.out}")
    return 0 if peers else 1


if __name__ == "__main__":
    sys.exit(main())
