"""Writes the damaged pages in this folder from one clean page (run from the repository root).

Each quote starts with a token (q1)…(q8), so a test can tell where every quote
of the input went: into the report, or into a diagnostic at its line."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(HERE, '..', '..', '..', 'corpus', '000_0a16dc68769498f0.txt'), encoding='utf-8').read()
lines = src.split('\n')
qs = [i for i, l in enumerate(lines) if l.startswith('\u201c')]
for k, i in enumerate(qs):
    lines[i] = '\u201c(q%d) ' % (k + 1) + lines[i][1:]
clean = list(lines)

def write(name, lines, ending='\n'):
    with open(os.path.join(HERE, name), 'w', encoding='utf-8', newline='') as f:
        f.write(ending.join(lines))

write('clean.txt', clean)
write('crlf.txt', clean, '\r\n')
write('cr.txt', clean, '\r')
half = len(clean) // 2
with open(os.path.join(HERE, 'crlf-second-half.txt'), 'w', encoding='utf-8', newline='') as f:
    f.write('\n'.join(clean[:half]) + '\n' + '\r\n'.join(clean[half:]))
l = list(clean); l[qs[2]] = l[qs[2]][1:]; write('missing-open-mark.txt', l)
l = list(clean); l[qs[2]] = '\u201e' + l[qs[2]][1:]; write('low-open-mark.txt', l)
l = list(clean); l[qs[2]] = l[qs[2]].rstrip('\u201d'); write('missing-close-mark.txt', l)
l = list(clean); l[qs[4]] = l[qs[4]].rstrip('\u201d'); l[qs[5]] = l[qs[5]][1:]; write('missing-both-marks.txt', l)
l = list(clean); l[1] = 'SmolAgents 2.0 vs. Windsurf SWE-1 Family'; write('vs-dot-title.txt', l)
l = list(clean); l.insert(8, 'Panel Ship'); write('second-panel-ship.txt', l)
l = list(clean); del l[0:6]; write('no-line-before-panel.txt', l)
l = list(clean); del l[qs[7]]; write('odd-quotes.txt', l)
l = list(clean); l[qs[5]] = l[qs[5]][:80]; write('cut-off-mid-quote.txt', l[:qs[5] + 1])
l = list(clean); l[qs[1]] = l[qs[1]][:40] + '\u0000\u0007\u001b[2J' + l[qs[1]][40:]; write('control-characters.txt', l)
with open(os.path.join(HERE, 'invalid-utf8.txt'), 'wb') as f:
    b = '\n'.join(clean).encode('utf-8')
    f.write(b[:len(b) // 2] + b'\xff\xfe' + b[len(b) // 2:])
with open(os.path.join(HERE, 'deep-front-matter.md'), 'w') as f:
    f.write('---\ntool: Cursor\npersona: dx\nx: ' + '[' * 5000 + ']' * 5000 + '\n---\n(q1) The primitive is clean.\n')
with open(os.path.join(HERE, 'alias-bomb.md'), 'w') as f:
    f.write('---\ntool: Cursor\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n')
    for i in range(1, 10):
        f.write('a%d: &a%d [%s]\n' % (i, i, ', '.join(['*a%d' % (i - 1)] * 10)))
    f.write('---\n(q1) The primitive is clean.\n')
with open(os.path.join(HERE, 'crlf-draft.md'), 'w', newline='') as f:
    f.write('---\r\ntool: Cursor\r\npersona: dx\r\nstance: ship\r\n---\r\n(q1) The primitive is clean and the API surface is small. I would ship it.\r\n')
with open(os.path.join(HERE, 'crlf-quotes.jsonl'), 'w', newline='') as f:
    f.write('{"tool": "Cursor", "text": "(q1) The primitive is clean. Ship it."}\r\n\r\n{"tool": "Zed", "text": "(q2) Skip it."}\r\n')
