#!/usr/bin/env python3
"""Render `panelist summary --format html` in headless Chromium and check it.

usage: check-html.py PANELIST_BINARY OUT_DIR PATH...

Checks: no console errors; a bar for every tool; review text that carries
<script> or <img onerror> appears as text and runs nothing. Leaves the HTML,
the rendered DOM and a screenshot in OUT_DIR.
"""
import html.parser
import os
import re
import shutil
import subprocess
import sys

binary, out_dir, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(out_dir, exist_ok=True)
page = os.path.join(out_dir, "summary.html")
failures = []

run = subprocess.run([binary, "summary", *paths, "--format", "html", "--output", page], capture_output=True, text=True)
if not os.path.exists(page):
    sys.exit(f"check-html: panelist wrote no HTML (exit {run.returncode}): {run.stderr.strip()}")

chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
if not chromium:
    sys.exit("check-html: Chromium not found: apt-get install chromium")
flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"]
url = "file://" + os.path.abspath(page)
dom = subprocess.run(flags + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
open(os.path.join(out_dir, "summary.dom.html"), "w").write(dom.stdout)
shot = subprocess.run(flags + ["--window-size=1280,3600", "--screenshot=" + os.path.join(out_dir, "summary.png"), url],
                      capture_output=True, text=True, timeout=120)

# 1. Console: any message from the page is a failure (the page has no script of its own).
console = [l for l in (dom.stderr + shot.stderr).splitlines() if "CONSOLE" in l or "Uncaught" in l or "Refused to" in l]
if console:
    failures.append("console messages:\n  " + "\n  ".join(console[:10]))

class Walk(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.rows, self.stack, self.title, self.text = [], [], [], "", []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "g" and a.get("class") == "bar-row":
            self.rows.append([a.get("data-tool"), 0])
        if tag == "rect" and "bar" in (a.get("class") or "").split() and self.rows:
            self.rows[-1][1] += 1
        self.stack.append(tag)
    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
    def handle_data(self, data):
        if self.stack and self.stack[-1] == "title":
            self.title += data
        self.text.append(data)

walk = Walk()
walk.feed(dom.stdout)
text = "".join(walk.text)

# 2. A bar for every tool the summary names.
tools = re.findall(r'<g class="bar-row" data-tool="([^"]*)"', open(page, encoding="utf-8").read())
if not tools:
    failures.append("no tool bars in the HTML")
for name, bars in walk.rows:
    if bars == 0:
        failures.append(f"tool without a bar: {name}")
if len(walk.rows) != len(tools):
    failures.append(f"rendered {len(walk.rows)} bar rows for {len(tools)} tools")

# 3. Hostile text is text: no script or img element exists, nothing ran, the payload reads as written.
if "script" in walk.tags:
    failures.append("a <script> element is in the rendered page")
if "img" in walk.tags:
    failures.append("an <img> element is in the rendered page")
if "pwned" in walk.title:
    failures.append("a script ran: the title changed to " + walk.title)
for payload in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]:
    if payload not in text:
        failures.append(f"the payload {payload!r} does not appear as text")

if shot.returncode != 0:
    failures.append(f"screenshot failed: {shot.stderr.strip()[-300:]}")
if failures:
    print("check-html: FAILED\n- " + "\n- ".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"check-html: ok: {len(tools)} tool bars, no console messages, hostile text inert ({page}, summary.png)")
