#!/usr/bin/env python3
"""Per-batch risk and competitor recall / precision as one table.

    scripts/risk-competitor-table.py [--panelist BIN] [--rules DIR] [--study b1,b2,b3] [DIR ...]

Runs `panelist eval --format json` once per labelled directory and prints one
Markdown row per directory, then pooled rows: all directories, and, when
--study names some of them (by directory name), the studied ones and the rest
(the held-out check). Defaults: .build/debug/panelist, the repository's
rules/, and Tests/Fixtures/blind/b* plus any /work/blind/bN not kept there
plus ../shared/corpus-dev when present.

Risks: a claim is right when its clause contains a labelled anchor; category
is the share of found anchors whose claim has the labelled category.
"""
import argparse
import glob
import json
import os
import subprocess
import sys


def default_dirs():
    dirs = sorted(glob.glob("Tests/Fixtures/blind/b*"), key=batch_key)
    kept = {os.path.basename(d) for d in dirs}
    dirs += [d for d in sorted(glob.glob("/work/blind/b*"), key=batch_key)
             if os.path.isdir(d) and os.path.basename(d) not in kept and glob.glob(d + "/*.labels.json")]
    if os.path.isdir("../shared/corpus-dev"):
        dirs.append("../shared/corpus-dev")
    return dirs


def batch_key(path):
    name = os.path.basename(path.rstrip("/"))
    digits = "".join(c for c in name if c.isdigit())
    return (0, int(digits)) if name.startswith("b") and digits else (1, name)


def measure(panelist, rules, directory):
    cmd = [panelist, "eval", "--labels", directory, directory, "--format", "json"]
    if rules:
        cmd += ["--rules", rules]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{directory}: panelist eval exited {out.returncode}: {out.stderr.strip()}")
    d = json.loads(out.stdout)
    return {"quotes": d["quotes"], "risks": d["risks"], "competitors": d["competitors"]}


def pooled(rows):
    total = {"quotes": 0, "risks": {}, "competitors": {}}
    for r in rows:
        total["quotes"] += r["quotes"]
        for field in ("risks", "competitors"):
            for k in ("found", "expected", "true_positives", "predicted"):
                total[field][k] = total[field].get(k, 0) + r[field][k]
    cat = sum(r["risks"]["category_accuracy"] * r["risks"]["found"] for r in rows)
    total["risks"]["category_accuracy"] = cat / total["risks"]["found"] if total["risks"]["found"] else 1
    for field in ("risks", "competitors"):
        t = total[field]
        t["recall"] = t["found"] / t["expected"] if t["expected"] else 1
        t["precision"] = t["true_positives"] / t["predicted"] if t["predicted"] else 1
    return total


def line(name, r):
    k, c = r["risks"], r["competitors"]
    return (f"| {name} | {r['quotes']} | {k['recall']:.2f} ({k['found']}/{k['expected']}) | "
            f"{k['precision']:.2f} ({k['true_positives']}/{k['predicted']}) | {k['category_accuracy']:.2f} | "
            f"{c['recall']:.2f} ({c['found']}/{c['expected']}) | {c['precision']:.2f} ({c['true_positives']}/{c['predicted']}) |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--panelist", default=".build/debug/panelist")
    ap.add_argument("--rules", default=None)
    ap.add_argument("--study", default="", help="comma-separated directory names studied for misses; the rest are the check")
    ap.add_argument("dirs", nargs="*")
    args = ap.parse_args()
    dirs = args.dirs or default_dirs()
    rows = [(os.path.basename(d.rstrip("/")), measure(args.panelist, args.rules, d)) for d in dirs]
    print("| labelled set | quotes | risk recall | risk precision | risk category | competitor recall | competitor precision |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows:
        print(line(name, r))
    study = {s for s in args.study.split(",") if s}
    studied = [(n, r) for n, r in rows if n in study]
    checked = [(n, r) for n, r in rows if n not in study]
    if studied and checked:
        print(line("**studied: " + ", ".join(n for n, _ in studied) + "**", pooled([r for _, r in studied])))
        print(line("**check: " + ", ".join(n for n, _ in checked) + "**", pooled([r for _, r in checked])))
    print(line("**all**", pooled([r for _, r in rows])))


if __name__ == "__main__":
    main()
