#!/usr/bin/python3
"""Regenerates the embedded default fonts in fonts/default/ from their upstream packages.

Usage (on Debian, as root):
    apt-get install -y python3-fonttools fonts-lxgw-wenkai
    npm install --prefix /tmp/nf @expo-google-fonts/noto-serif-sc@0.4.3 @expo-google-fonts/noto-sans-sc@0.4.3
    /usr/bin/python3 scripts/fonts-subset.py /tmp/nf/node_modules fonts/default

Each font is subset to GB2312 + ASCII + common CJK punctuation and symbols, its layout and hinting
tables dropped, and renamed (SIL OFL 1.1 "Modified Version": LXGW reserves the names "LXGW"/"霞鹜",
"Noto" is a trademark), keeping the copyright (name ID 0) and licence (IDs 13, 14) records and saying
in ID 10 what it derives from.
"""
import os, sys
from fontTools import subset
from fontTools.ttLib import TTFont

# role file name, project family name, source (relative to node_modules or absolute), origin text
FONTS = [
    ("title.ttf", "Nianbao Title", "@expo-google-fonts/noto-serif-sc/900Black/NotoSerifSC_900Black.ttf",
     "Noto Serif SC Black (npm @expo-google-fonts/noto-serif-sc 0.4.3)"),
    ("body.ttf", "Nianbao Body", "@expo-google-fonts/noto-serif-sc/300Light/NotoSerifSC_300Light.ttf",
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
    f = TTFont(path)
    name = f["name"]
    ps = family.replace(" ", "") + "-Regular"
    values = {1: family, 2: "Regular", 3: f"{ps};nianbao", 4: family, 6: ps, 16: family, 17: "Regular",
              10: f"Subset of {origin}, renamed for nianbao under the SIL Open Font License 1.1."}
    name.names = [n for n in name.names if n.nameID not in values and n.nameID not in (18, 21, 22, 25)]
    for nid, v in values.items():
        name.setName(v, nid, 3, 1, 0x409)
        name.setName(v, nid, 1, 0, 0)
    f.save(path)


def main(src, out):
    text = charset()
    tf = os.path.join(out, "chars.txt")
    with open(tf, "w", encoding="utf-8") as fh:
        fh.write(text)
    for fname, family, rel, origin in FONTS:
        inp = rel if rel.startswith("/") else os.path.join(src, rel)
        dst = os.path.join(out, fname)
        subset.main([inp, f"--text-file={tf}", f"--output-file={dst}", "--layout-features=",
                     "--no-hinting", "--drop-tables+=GSUB,GPOS,GDEF,BASE,vhea,vmtx,VORG,DSIG,STAT,meta",
                     "--name-IDs=*", "--name-languages=*", "--notdef-outline"])
        rename(dst, family, origin)
        print(dst, os.path.getsize(dst))
    os.remove(tf)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
