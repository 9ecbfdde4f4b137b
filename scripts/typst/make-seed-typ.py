#!/usr/bin/python3
"""Writes seed.typ: the seed report's text and table cells as a Typst document, from the layout
golden layout/testdata/yipingyuan-2022.lines.txt, for the Typst comparison in BENCHMARKS.md
(start-up budget). Run from the repository's root:

    python3 scripts/typst/make-seed-typ.py > /tmp/seed.typ
    cd /tmp && npm install @myriaddreamin/typst-ts-node-compiler
    scripts/startup-time.py 10 node scripts/typst/compile.js /tmp/seed.typ {OUT}/seed.pdf
"""
lines = open('layout/testdata/yipingyuan-2022.lines.txt').read().split('\n')
i = next(k for k, l in enumerate(lines) if l.startswith('== page'))
body = [l for l in lines[i:] if l and not l.startswith('== page') and not l.startswith('— ')]


def esc(s):
    for c in '\\#*_`$@<>[]':
        s = s.replace(c, '\\' + c)
    return s


out = ['#set page(paper: "a4", margin: (top: 37mm, left: 28mm, right: 26mm, bottom: 35mm), footer: context align(center, text(font: "Nianbao Song", size: 14pt)[— #counter(page).display() —]))',
       '#set text(font: "Nianbao Fangsong", size: 16pt, lang: "zh", region: "cn")',
       '#set par(first-line-indent: (amount: 2em, all: true), justify: true, leading: 12.9pt, spacing: 12.9pt)',
       '#align(center, text(font: "Nianbao Title", size: 22pt)[%s \\ %s])' % (esc(body[0]), esc(body[1]))]
rest, k, para = body[2:], 0, []
while k < len(rest):
    if ' │ ' in rest[k]:
        if para:
            out.append('\n' + esc(''.join(para)) + '\n')
            para = []
        rows = []
        while k < len(rest) and ' │ ' in rest[k]:
            rows.append(rest[k].split(' │ '))
            k += 1
        n = max(len(r) for r in rows)
        cells = ['[%s]' % esc(c) for r in rows for c in r + [''] * (n - len(r))]
        out.append('#text(size: 10.5pt, table(columns: %d, %s))' % (n, ', '.join(cells)))
        continue
    para.append(rest[k])
    k += 1
if para:
    out.append('\n' + esc(''.join(para)) + '\n')
print('\n'.join(out))
