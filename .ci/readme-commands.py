#!/usr/bin/env python3
"""Runs every example command line in the README's ```sh blocks, as pasted.

Each line runs in bash from the repository root with no standard input and
must exit 0. `make` lines are left out (they are this script's callers), and so
are lines that need ../shared when it is not beside the checkout. Files the
commands write are removed after each one. Prints one line per command and a summary
line; exits 1 when any failed.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def command_lines(readme):
    lines, in_sh = [], False
    for line in open(readme, encoding="utf-8"):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_sh = stripped in ("```sh", "```bash", "```shell") and not in_sh
            continue
        if in_sh and stripped and not stripped.startswith("#"):
            # A comment starts at a '#' after blanks; '#3' in a path is part of it.
            lines.append(re.split(r"\s+#\s", stripped, maxsplit=1)[0].strip())
    return lines


def files_under(root):
    found = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".build", ".git") and not d.startswith(".build")]
        for name in filenames:
            found.add(os.path.join(dirpath, name))
    return found


def main():
    readme = os.path.join(ROOT, sys.argv[1] if len(sys.argv) > 1 else "README.md")
    shared = os.path.isdir(os.path.join(ROOT, "..", "shared"))
    before = files_under(ROOT)
    passed = failed = skipped = 0
    for line in command_lines(readme):
        if line.startswith("make ") or line == "make":
            skipped += 1
            continue
        if "../shared" in line and not shared:
            print(f"skip (no ../shared): {line}")
            skipped += 1
            continue
        run = subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=ROOT, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if run.returncode == 0:
            print(f"ok: {line}")
            passed += 1
        else:
            tail = [l for l in run.stderr.splitlines() if l.strip() and not l.startswith(("Building", "[", "Build of"))][-3:]
            print(f"FAIL (exit {run.returncode}): {line}\n    " + "\n    ".join(tail))
            failed += 1
        # Each command starts from the checkout as it was: what one wrote is no input to the next.
        for path in files_under(ROOT) - before:
            os.remove(path)
    print(f"README commands: {passed} ran clean, {failed} failed, {skipped} left out")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
