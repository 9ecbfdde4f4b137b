#!/usr/bin/python3
"""Makes the small fonts under fonts/testdata used by the fonts tests (Debian python3-fonttools).

    /usr/bin/python3 scripts/make-test-fonts.py

- fangsong.ttf: family "仿宋_GB2312" / "FangSong_GB2312", a few characters only (fallback tests).
- heiti.ttc: a collection of two faces, "测试黑体" and "黑体"/"SimHei" (TTC extraction by name).
- cff.otf: a CFF-flavoured OpenType font (must be refused with a clear message).
"""
from fontTools import subset
from fontTools.ttLib import TTFont, TTCollection
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen

SRC = "fonts/default/body.ttf"
OUT = "fonts/testdata/"


def small(path, text, names):
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    f = TTFont(SRC)
    s = subset.Subsetter(opts)
    s.populate(text=text)
    s.subset(f)
    n = f["name"]
    n.names = [x for x in n.names if x.nameID not in (1, 4, 6, 16, 17)]
    for lang, fam in names:
        n.setName(fam, 1, 3, 1, lang)
        n.setName(fam, 4, 3, 1, lang)
    n.setName(names[0][1].encode("ascii", "ignore").decode() or "TestFont", 6, 3, 1, 0x409)
    f.save(path)
    return f


ascii = "".join(chr(c) for c in range(0x20, 0x7F))
small(OUT + "fangsong.ttf", ascii + "仿宋测试年报一二三", [(0x804, "仿宋_GB2312"), (0x409, "FangSong_GB2312")])
a = small("/tmp/a.ttf", ascii + "测试甲", [(0x409, "Test Hei A"), (0x804, "测试黑体")])
b = small("/tmp/b.ttf", ascii + "黑体乙", [(0x409, "SimHei"), (0x804, "黑体")])
c = TTCollection()
c.fonts = [TTFont("/tmp/a.ttf"), TTFont("/tmp/b.ttf")]
c.save(OUT + "heiti.ttc")

fb = FontBuilder(1000, isTTF=False)
fb.setupGlyphOrder([".notdef", "A"])
fb.setupCharacterMap({0x41: "A"})
pen = T2CharStringPen(500, None)
pen.moveTo((0, 0)); pen.lineTo((500, 0)); pen.lineTo((250, 700)); pen.closePath()
cs = pen.getCharString()
fb.setupCFF("TestCFF", {"FullName": "TestCFF"}, {".notdef": cs, "A": cs}, {})
fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
fb.setupHorizontalHeader(ascent=800, descent=-200)
fb.setupNameTable({"familyName": "TestCFF", "styleName": "Regular"})
fb.setupOS2()
fb.setupPost()
fb.save(OUT + "cff.otf")
