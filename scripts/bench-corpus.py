#!/usr/bin/env python3
"""Writes a benchmark corpus whose quotes never repeat.

Pages copy the plain layout of corpus/ (and ../shared/corpus-dev when present);
each quote is 3 to 6 sentences drawn from the quotes that stood in the same
scorecard slot, and a quote is kept only if no earlier quote had the same
sentences in the same order. Tool names get a page number, so tools are many
and small, as on a real site.

  scripts/bench-corpus.py --mb 10 --out /tmp/bench10 [--seed 1]
"""
import argparse, os, random, re, sys

OPEN, CLOSE = "\u201c", "\u201d"

def plain_pages(dirs):
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".txt"):
                continue
            text = open(os.path.join(d, name), encoding="utf-8").read().replace("\r\n", "\n")
            lines = text.split("\n")
            if "Reviewer scorecard" not in lines:
                continue
            at = lines.index("Reviewer scorecard")
            quotes = []
            i = at + 1
            while i < len(lines) and lines[i].startswith(OPEN) and lines[i].endswith(CLOSE):
                quotes.append(lines[i][1:-1])
                i += 1
            if len(quotes) == 8 and lines[1].count(" vs ") == 1:
                yield lines[:at + 1], quotes, lines[i:]

def sentences(quote):
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\u2018\u201c'\"])", quote) if s.strip()]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, required=True, help="corpus size in MB (10^6 bytes)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    dirs = [os.path.join(root, "corpus"), os.path.join(root, "..", "shared", "corpus-dev")]
    templates = list(plain_pages(dirs))
    if not templates:
        sys.exit("bench-corpus: no plain pages with 8 quotes found under corpus/")
    # Sentences by scorecard slot (dx, competitor, futurist, business): two quotes per slot.
    pools = [[], [], [], []]
    for _, quotes, _ in templates:
        for k, q in enumerate(quotes):
            pools[k // 2].extend(sentences(q))
    pools = [sorted(set(p)) for p in pools]
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    target = int(args.mb * 1_000_000)
    seen = set()
    written = pages = quotes_written = 0
    while written < target:
        head, _, tail = templates[pages % len(templates)]
        a, b = head[1].split(" vs ")
        n = f" {pages}"
        body = []
        for line in head:
            line = line.replace(a, a + n).replace(b, b + n) if line in (a, b, head[1]) else line
            body.append(line)
        for k in range(8):
            pool = pools[k // 2]
            while True:
                picked = tuple(rng.randrange(len(pool)) for _ in range(rng.randint(3, 6)))
                if picked not in seen:
                    seen.add(picked)
                    break
            body.append(OPEN + " ".join(pool[i] for i in picked) + CLOSE)
            quotes_written += 1
        text = "\n".join(body + tail)
        path = os.path.join(args.out, f"{pages // 1000:03d}", f"page_{pages:07d}.txt")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        written += len(text.encode("utf-8"))
        pages += 1
    print(f"{args.out}: {pages} pages, {quotes_written} unique quotes, {written / 1e6:.1f} MB", file=sys.stderr)

if __name__ == "__main__":
    main()
