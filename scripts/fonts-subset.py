#!/usr/bin/python3
"""Regenerates the embedded default fonts in fonts/default/ from their upstream packages.

Usage (on Debian, as root):
    apt-get install -y python3-fonttools fonts-lxgw-wenkai
    npm install --prefix /tmp/nf @expo-google-fonts/noto-serif-sc@0.4.3 @expo-google-fonts/noto-sans-sc@0.4.3
    /usr/bin/python3 scripts/fonts-subset.py /tmp/nf/node_modules fonts/default [ZHUQUE_TTF] [--only=body.ttf]

--only=FILE regenerates one face (body.ttf needs only ZHUQUE_TTF; the first argument is then unused).

ZHUQUE_TTF is the static build of 朱雀仿宋 (default: ../shared/fonts/zhuque-fangsong/
ZhuqueFangsong-Regular.ttf beside the project; its README says how it was built).

Each font is subset to GB2312 + ASCII + common CJK punctuation and symbols (song.ttf: to the
non-hanzi part of that; body.ttf: plus every ideograph 朱雀仿宋 has, the whole 通用规范汉字表), its layout and hinting tables dropped, and renamed (SIL OFL 1.1 "Modified
Version": LXGW reserves the names "LXGW"/"霞鹜", "Noto" is a trademark), keeping the copyright
(name ID 0) and licence (IDs 13, 14) records and saying in ID 10 what it derives from.

The body face is 朱雀仿宋 (GB/T 9704 §5.2.2: 3号仿宋), with full-width quotation marks and
half-width digits of one plain design (chinese_body). What it lacks of the symbols (①–⑳, ℃, full-width digits …) comes from song.ttf, which also draws the page
numbers (4号宋体, §7.5).
"""
import os, sys
from fontTools import subset
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

# role file name, project family name, source (relative to node_modules or absolute), origin text
FONTS = [
    ("title.ttf", "Nianbao Title", "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf",
     "Noto Serif SC Bold (npm @expo-google-fonts/noto-serif-sc 0.4.3)"),
    ("body.ttf", "Nianbao Fangsong", "ZHUQUE",
     "Zhuque Fangsong v0.211 (TrionesType/zhuque 227319a1, static TrueType build)"),
    ("song.ttf", "Nianbao Song", "@expo-google-fonts/noto-serif-sc/300Light/NotoSerifSC_300Light.ttf",
     "Noto Serif SC Light (npm @expo-google-fonts/noto-serif-sc 0.4.3)"),
    ("hei.ttf", "Nianbao Hei", "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
     "Noto Sans SC Regular (npm @expo-google-fonts/noto-sans-sc 0.4.3)"),
    ("kai.ttf", "Nianbao Kai", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
     "LXGW WenKai Regular (Debian fonts-lxgw-wenkai)"),
]

EXTRA = ("　、。〃々〈〉《》「」『』【】〔〕‐–—―‘’“”…‰′″※€℃№←↑→↓·×÷±≤≥≠≈％＋－＝＜＞！？，．：；（）［］｛｝￥"
         "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
         "０１２３４５６７８９−")  # U+2212 MINUS SIGN: negative numbers (GB/T 15834)


def charset():
    chars = set(chr(c) for c in range(0x20, 0x7F))
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    chars.update(EXTRA)
    return "".join(sorted(chars))


def rename(path, family, origin):
    f = TTFont(path, recalcTimestamp=False)  # reproducible: the source's own dates
    name = f["name"]
    ps = family.replace(" ", "") + "-Regular"
    values = {1: family, 2: "Regular", 3: f"{ps};nianbao", 4: family, 6: ps, 16: family, 17: "Regular",
              10: f"Subset of {origin}, renamed for nianbao under the SIL Open Font License 1.1."}
    name.names = [n for n in name.names if n.nameID not in values and n.nameID not in (18, 21, 22, 25)]
    for nid, v in values.items():
        name.setName(v, nid, 3, 1, 0x409)
        name.setName(v, nid, 1, 0, 0)
    f.save(path)


def song_digits(src, out):
    """The font whose digits the body face takes: Noto Serif SC Light (the song.ttf source), or the
    song.ttf already in out."""
    p = os.path.join(src, FONTS[2][2])
    return p if os.path.exists(p) else os.path.join(out, "song.ttf")


def chinese_body(path, out, digits_from):
    """Writes a copy of the 仿宋 into folder out, set up for Chinese body text; returns its path.

    - “”‘’ map to the glyphs its fwid feature substitutes for them: full width, as in every
      Chinese 仿宋 (the default ones are Latin-width, 0.33 and 0.18 em).
    - 0–9 are one plain lining design, the digits of Noto Serif SC Light (digits_from; the page
      numbers' face) narrowed to 92 % and set in exactly half an em, centred, as the digits of
      仿宋_GB2312 are: two digits fill one cell of the 28-character grid, so years and figures keep
      the text on the grid. Its own figures come from Alegreya: calligraphic 1–9 beside a thin oval
      0 that reads as a letter O in a table of zeros (issue 23 point 14).
    - The symbols of GB2312's first rows that it draws narrower than an em (± × ÷ √ ≈ ≠ ≤ ≥ ∞ ∑ ∏
      ∫ § № ¤ ―, the arrows and the geometric shapes, which come from its Latin design) are
      widened to one em and centred, as in every GB2312 font, so they sit on the grid too. Letters
      (Greek, Cyrillic, pinyin) and ° ′ ″ keep their own widths: they follow numbers and words.
    """
    f = TTFont(path, recalcTimestamp=False)  # reproducible: the source's own dates
    glyf, hmtx = f["glyf"], f["hmtx"]

    def widen(g, width):
        adv, lsb = hmtx[g]
        shift = (width - adv) // 2
        glyph = glyf[g]
        if glyph.isComposite():
            for c in glyph.components:
                c.x += shift
        elif glyph.numberOfContours > 0:
            glyph.coordinates.translate((shift, 0))
        glyph.recalcBounds(glyf)
        hmtx[g] = (width, lsb + shift)

    song = TTFont(digits_from)
    scmap, sglyphs = song.getBestCmap(), song.getGlyphSet()
    for i, d in enumerate("zero one two three four five six seven eight nine".split()):
        name = scmap[0x30 + i]
        pen = TTGlyphPen(None)
        sglyphs[name].draw(TransformPen(pen, (0.92, 0, 0, 1, 0, 0)))
        g = pen.glyph()
        g.recalcBounds(glyf)
        glyf[d + ".tf"] = g
        hmtx[d + ".tf"] = (round(song["hmtx"][name][0] * 0.92), g.xMin)
        widen(d + ".tf", 500)
    cmap = f.getBestCmap()
    for c in "±×÷√≈≠≤≥∞∑∏∫§№¤―→←↑↓◇◆□■△▲○●◎☆★":
        g = cmap.get(ord(c))
        if g and hmtx[g][0] < 1000:
            widen(g, 1000)
    gsub = f["GSUB"].table
    fwid = {}
    for fr in gsub.FeatureList.FeatureRecord:
        if fr.FeatureTag == "fwid":
            for li in fr.Feature.LookupListIndex:
                for st in gsub.LookupList.Lookup[li].SubTable:
                    fwid.update(getattr(st, "mapping", {}))
    for table in f["cmap"].tables:
        if table.isUnicode():
            for c in (0x201C, 0x201D, 0x2018, 0x2019):
                g = table.cmap.get(c)
                if g in fwid:
                    table.cmap[c] = fwid[g]
            for i, d in enumerate("zero one two three four five six seven eight nine".split()):
                table.cmap[0x30 + i] = d + ".tf"
    dst = os.path.join(out, "fullwidth.tmp.ttf")
    f.save(dst)
    return dst


def hanzi(path):
    """Every ideograph a font maps (CJK Unified Ideographs and their extensions, compatibility
    ideographs): the body face keeps its whole coverage — all 8,105 characters of the 通用规范汉字表
    for 朱雀仿宋 — so that a name character beyond GB2312 (喆 堃 玥 昇 䶮) is set in 仿宋 too, never in
    a fallback face. Subsets for a report keep only what it uses, so reports do not grow."""
    cmap = TTFont(path, lazy=True).getBestCmap()
    return "".join(chr(c) for c in sorted(cmap) if 0x3400 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF or 0x20000 <= c <= 0x3FFFF)


def main(src, out, zhuque, only=None):
    text = charset()
    symbols = "".join(c for c in text if not ("\u4e00" <= c <= "\u9fff"))
    for fname, family, rel, origin in FONTS:
        if only and fname != only:
            continue
        inp = zhuque if rel == "ZHUQUE" else rel if rel.startswith("/") else os.path.join(src, rel)
        tmp = None
        if rel == "ZHUQUE":
            inp = tmp = chinese_body(inp, out, song_digits(src, out))
        dst = os.path.join(out, fname)
        tf = os.path.join(out, "chars.txt")
        with open(tf, "w", encoding="utf-8") as fh:
            fh.write(symbols if fname == "song.ttf" else (text + hanzi(inp) if rel == "ZHUQUE" else text))
        subset.main([inp, f"--text-file={tf}", f"--output-file={dst}", "--layout-features=",
                     "--no-hinting", "--drop-tables+=GSUB,GPOS,GDEF,BASE,vhea,vmtx,VORG,DSIG,STAT,meta",
                     "--name-IDs=*", "--name-languages=*", "--notdef-outline"])
        os.remove(tf)
        if tmp:
            os.remove(tmp)
        rename(dst, family, origin)
        print(dst, os.path.getsize(dst))


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "shared", "fonts", "zhuque-fangsong", "ZhuqueFangsong-Regular.ttf")
    args = [a for a in sys.argv[1:] if not a.startswith("--only=")]
    only = next((a[len("--only="):] for a in sys.argv[1:] if a.startswith("--only=")), None)
    main(args[0], args[1], args[2] if len(args) > 2 else default, only)
