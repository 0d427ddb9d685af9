#!/usr/bin/env python3
"""A man page (roff) from `panelist --help` and every subcommand's --help, for
machines where swift-argument-parser's generate-manual plugin cannot run."""
import re
import subprocess
import sys

binary = sys.argv[1]


def help_text(words):
    return subprocess.run([binary, *words, "--help"], capture_output=True, text=True).stdout


def subcommands(text):
    names, inside = [], False
    for line in text.splitlines():
        if line.startswith("SUBCOMMANDS:"):
            inside = True
            continue
        if inside:
            m = re.match(r"^  (\S+)\s", line)
            if m:
                names.append(m.group(1))
            elif line and not line.startswith(" "):
                break
    return names


def roff(text):
    out = []
    for line in text.splitlines():
        line = line.replace("\\", "\\e")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def walk(words, depth=0):
    text = help_text(words)
    yield words, text
    if depth < 2:
        for name in subcommands(text):
            yield from walk(words + [name], depth + 1)


root = help_text([])
abstract = " ".join(root.split("\n\n")[0].removeprefix("OVERVIEW: ").split())
version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
print(f'.TH PANELIST 1 "" "panelist {version}" "User Commands"')
print(".SH NAME")
print(f"panelist \\- {abstract}")
print(".SH SYNOPSIS")
print(".B panelist\n.I subcommand\n[options] [path ...]")
for words, text in walk([]):
    print(".SH " + ("DESCRIPTION" if not words else "PANELIST " + " ".join(words).upper()))
    print(".nf")
    print(roff(text))
    print(".fi")
