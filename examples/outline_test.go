package examples

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/cff"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/internal/imgdiff"
	"nianbao/layout"
	"nianbao/pdf"
	"nianbao/pipeline"
	"nianbao/theme"
	"nianbao/tree"
)

// pdfObjects reads the objects of one of our PDFs (a classic xref, no object streams): each
// object's dictionary and, for streams, the decompressed data.
func pdfObjects(t *testing.T, data []byte) (dicts map[int]string, streams map[int][]byte) {
	t.Helper()
	dicts, streams = map[int]string{}, map[int][]byte{}
	re := regexp.MustCompile(`(?s)(\d+) 0 obj\n(<<.*?>>)\n(stream\n|endobj)`)
	for _, m := range re.FindAllSubmatchIndex(data, -1) {
		n, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		dict := string(data[m[4]:m[5]])
		dicts[n] = dict
		if string(data[m[6]:m[7]]) != "stream\n" {
			continue
		}
		l := regexp.MustCompile(`/Length (\d+)`).FindStringSubmatch(dict)
		size, _ := strconv.Atoi(l[1])
		raw := data[m[7] : m[7]+size]
		if strings.Contains(dict, "/FlateDecode") {
			zr, err := zlib.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("object %d: %v", n, err)
			}
			if raw, err = io.ReadAll(zr); err != nil {
				t.Fatalf("object %d: %v", n, err)
			}
		}
		streams[n] = raw
	}
	return dicts, streams
}

func ref(dict, key string) int {
	m := regexp.MustCompile(key + ` \[?(\d+) 0 R`).FindStringSubmatch(dict)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestPDFOutlines checks what no outside checker sees: for every glyph every example's PDF
// draws, the outline in the embedded subset is the source font's outline for the character the
// ToUnicode map says it stands for, and every glyph a content stream shows has such an entry.
// A subsetter that gave a glyph another glyph's outline would pass pdfcheck and text extraction
// (both read ToUnicode) and print the wrong characters.
func TestPDFOutlines(t *testing.T) {
	_, files := built(t)
	for name, f := range files {
		if n := checkOutlines(t, name, f[0], opts.Fonts.Faces()); n < 300 {
			t.Errorf("%s: only %d glyphs checked", name, n)
		}
	}
}

// TestPDFOutlinesCFF builds the seed with the CFF-flavoured Noto CJK collections a Linux
// machine has (fonts-noto-cjk, installed by CI) as the body, heading and table faces: they are
// embedded as CID-keyed CFF subsets (FontFile3 /CIDFontType0C) whose outlines equal the source
// collection's for every character drawn, and the file still passes pdfacheck and qpdf.
func TestPDFOutlinesCFF(t *testing.T) {
	const dir = "/usr/share/fonts/opentype/noto/" // Debian's fonts-noto-cjk; face 2 is the SC one
	serif, sans := dir+"NotoSerifCJK-Regular.ttc#2", dir+"NotoSansCJK-Regular.ttc#2"
	_, err1 := os.Stat(dir + "NotoSerifCJK-Regular.ttc")
	_, err2 := os.Stat(dir + "NotoSansCJK-Regular.ttc")
	need(t, err1 == nil && err2 == nil, "fonts-noto-cjk")
	set, err := fonts.Resolve(fonts.Options{NoSystem: true, Files: map[fonts.Role]string{
		fonts.Body: serif, fonts.Table: serif, fonts.H1: sans, fonts.H2: serif}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := datafile.Load("yipingyuan-2022/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "noto")
	o := opts
	o.Fonts, o.DOCX = set, false
	if _, err := pipeline.Write(r, nil, base, o); err != nil {
		t.Fatal(err)
	}
	if n := checkOutlines(t, "yipingyuan-2022 (Noto CJK)", base+".pdf", set.Faces()); n < 300 {
		t.Errorf("only %d glyphs checked", n)
	}
	data, _ := os.ReadFile(base + ".pdf")
	if c := bytes.Count(data, []byte("/Subtype /CIDFontType0C")); c != 2 {
		t.Errorf("%d CFF font files embedded, want 2 (Noto Serif CJK SC, Noto Sans CJK SC)", c)
	}
	if len(data) > 400_000 {
		t.Errorf("the PDF is %d bytes: the CFF subsets carry more than the glyphs drawn", len(data))
	}
	need(t, have("pdffonts") && have("qpdf"), "poppler-utils and qpdf")
	if f, _ := exec.Command("pdffonts", base+".pdf").Output(); !regexp.MustCompile(`[A-Z]{6}\+NotoSerifCJKsc-Regular-Identity-H +CID Type 0C +Identity-H +yes +yes +yes`).Match(f) {
		t.Errorf("Noto Serif CJK SC is not embedded as a CFF subset with a Unicode map:\n%s", f)
	}
	if out, err := exec.Command("qpdf", "--check", base+".pdf").CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	sh := shared(t)
	need(t, exec.Command("/usr/bin/python3", "-c", "import pikepdf").Run() == nil, "python3-pikepdf (for pdfacheck.py)")
	if out, err := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "pdfacheck.py"), base+".pdf", "--pdfa", "2a", "--ua").CombinedOutput(); err != nil || !bytes.Contains(out, []byte(" 0 failed")) {
		t.Errorf("pdfacheck: %v\n%s", err, out)
	}
	if out, err := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "ofdcheck.py"), base+".ofd").CombinedOutput(); err != nil {
		t.Errorf("ofdcheck: %v\n%s", err, out)
	}
	// the OFD's CFF subsets, read by an independent renderer (ofd.js), print as the PDF does
	nodeDir := os.Getenv("NIANBAO_NODE_DIR")
	_, err = os.Stat(filepath.Join(nodeDir, "ofd-render", "node_modules", "ofd.js"))
	need(t, nodeDir != "" && err == nil && have("node") && have("rsvg-convert"), "ofd-render, node and librsvg2-bin")
	compareOFDRender(t, "yipingyuan-2022 (Noto CJK)", filepath.Join(nodeDir, "ofd-render", "render.cjs"), base+".ofd", base+".pdf", filepath.Join(filepath.Dir(base), "render"))
}

// TestPDFHalves: compressed punctuation (》（ ），“《 。” …) is drawn with the subsetter's
// half-width forms, both kinds — closing marks keep their left half, opening ones their right
// half, moved — and poppler extracts the text exactly, every character once, in order. With the
// embedded TrueType faces, and with Noto Serif CJK SC (CFF: the moved forms are charstrings with
// their subroutines inlined).
func TestPDFHalves(t *testing.T) {
	need(t, have("pdftotext"), "poppler-utils")
	const serif = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
	_, err := os.Stat(serif)
	need(t, err == nil, "fonts-noto-cjk")
	noto, err := fonts.Resolve(fonts.Options{NoSystem: true, Files: map[fonts.Role]string{fonts.Body: serif + "#2"}})
	if err != nil {
		t.Fatal(err)
	}
	text := "依据《中华人民共和国政府信息公开条例》（以下简称《条例》），现将“《报告》”全文公布。"
	d := &tree.Document{Meta: tree.Meta{Title: "标点挤压"}, Blocks: []tree.Block{&tree.Para{Style: tree.Body, Runs: []tree.Run{{Text: text}}}}}
	for name, set := range map[string]*fonts.Set{"embedded": opts.Fonts, "noto": noto} {
		laid, err := layout.Layout(d, theme.New(), set)
		if err != nil {
			t.Fatal(err)
		}
		halves := map[fonts.Half]int{}
		for _, it := range laid.Pages[0].Items {
			halves[it.Half]++
		}
		if halves[fonts.HalfLeft] < 4 || halves[fonts.HalfRight] < 1 {
			t.Fatalf("%s: half-width forms set: %v", name, halves)
		}
		path := filepath.Join(t.TempDir(), name+".pdf")
		f, _ := os.Create(path)
		if err := pdf.Write(f, laid); err != nil {
			t.Fatal(err)
		}
		f.Close()
		out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.ReplaceAll(strings.TrimSpace(string(out)), "\n", ""); !strings.Contains(got, text) {
			t.Errorf("%s: extracted text:\n%s\nwant it to contain\n%s", name, got, text)
		}
		checkOutlines(t, name, path, set.Faces())
	}
}

// checkOutlines compares every embedded glyph of a PDF with its source face (see
// TestPDFOutlines) and returns how many it compared. TrueType subsets (FontFile2) and CFF ones
// (FontFile3) are both read by go-text/typesetting, independently of our subsetter.
func checkOutlines(t *testing.T, name, path string, faces []*fonts.Face) int {
	t.Helper()
	sources := map[string]*font.Face{} // PostScript name → the full source face
	for _, f := range faces {
		ff, err := font.ParseTTF(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		sources[f.Metrics().PostScriptName] = ff
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dicts, streams := pdfObjects(t, data)
	checked := 0
	shown := map[string]map[string]bool{} // resource font → glyph IDs shown
	for _, s := range streams {
		for _, m := range regexp.MustCompile(`(/F\d+) [\d.]+ Tf [^<]*<([0-9A-F]*)> Tj`).FindAllStringSubmatch(string(s), -1) {
			if shown[m[1]] == nil {
				shown[m[1]] = map[string]bool{}
			}
			for i := 0; i+4 <= len(m[2]); i += 4 {
				shown[m[1]][m[2][i:i+4]] = true
			}
		}
	}
	for n, dict := range dicts {
		if !strings.Contains(dict, "/Subtype /Type0") {
			continue
		}
		base := regexp.MustCompile(`/BaseFont /[A-Z]{6}\+(\S+?)(-Identity-H)? `).FindStringSubmatch(dict)
		src := sources[base[1]]
		if src == nil {
			t.Fatalf("%s: font %s is none of the source faces", name, base[1])
		}
		cid := dicts[ref(dict, "/DescendantFonts")]
		desc := dicts[ref(cid, "/FontDescriptor")]
		var embedded func(font.GID) string
		if f2 := ref(desc, "/FontFile2"); f2 != 0 {
			sub, err := font.ParseTTF(bytes.NewReader(streams[f2]))
			if err != nil {
				t.Fatalf("%s: embedded %s does not parse: %v", name, base[1], err)
			}
			embedded = func(g font.GID) string { return outline(sub, g) }
		} else {
			if !strings.Contains(cid, "/Subtype /CIDFontType0 ") {
				t.Fatalf("%s: %s has a FontFile3 but is no CIDFontType0", name, base[1])
			}
			sub, err := cff.Parse(streams[ref(desc, "/FontFile3")])
			if err != nil {
				t.Fatalf("%s: embedded CFF %s does not parse: %v", name, base[1], err)
			}
			embedded = func(g font.GID) string {
				segs, _, err := sub.LoadGlyph(tables.GlyphID(g))
				if err != nil || len(segs) == 0 {
					return ""
				}
				return fmt.Sprint(segs)
			}
		}
		cmap := map[string]rune{}
		for _, m := range regexp.MustCompile(`<([0-9A-F]{4})> <([0-9A-F]+)>`).FindAllStringSubmatch(strings.SplitN(string(streams[ref(dict, "/ToUnicode")]), "endcodespacerange", 2)[1], -1) {
			var u []uint16
			for i := 0; i+4 <= len(m[2]); i += 4 {
				v, _ := strconv.ParseUint(m[2][i:i+4], 16, 16)
				u = append(u, uint16(v))
			}
			cmap[m[1]] = utf16.Decode(u)[0]
		}
		for gidHex, r := range cmap {
			gid, _ := strconv.ParseUint(gidHex, 16, 16)
			og, ok := src.NominalGlyph(r)
			if !ok {
				t.Errorf("%s: %s maps glyph %s to %q, which the source face lacks", name, base[1], gidHex, r)
				continue
			}
			a, b := embedded(font.GID(gid)), outline(src, og)
			if a != b && halfRight(cid, gidHex) {
				// a half-width form of an opening bracket: the full glyph moved left by half an em
				b = outlineMoved(src, og, -float32(src.Upem())/2)
			}
			if a != b || a == "" && !unicode.IsSpace(r) {
				t.Errorf("%s: %s glyph %s (%q) has another outline than the source font's", name, base[1], gidHex, r)
			}
			checked++
		}
		// every glyph shown through this font has a ToUnicode entry
		for res, gids := range shown {
			if !strings.Contains(dictsFontRes(dicts), res+" "+strconv.Itoa(n)+" 0 R") {
				continue
			}
			for g := range gids {
				if _, ok := cmap[g]; !ok && g != "0000" {
					t.Errorf("%s: %s shows glyph %s, which has no ToUnicode entry", name, base[1], g)
				}
			}
		}
	}
	t.Logf("%s: %d glyphs' outlines equal the source faces'", name, checked)
	return checked
}

// dictsFontRes is every page's font resources, joined.
func dictsFontRes(dicts map[int]string) string {
	var b strings.Builder
	for _, d := range dicts {
		if strings.Contains(d, "/Type /Page ") {
			b.WriteString(d)
		}
	}
	return b.String()
}

// halfRight reports whether the CIDFont gives glyph gidHex a width of 500 (half an em) in its
// W array: the subsetter's half-width forms are the only such CJK punctuation glyphs.
func halfRight(cid, gidHex string) bool {
	gid, _ := strconv.ParseUint(gidHex, 16, 16)
	return regexp.MustCompile(`[\[ ]` + strconv.FormatUint(gid, 10) + ` \[500\]`).MatchString(cid)
}

// outlineMoved is outline with every point moved dx font units along x.
func outlineMoved(f *font.Face, g font.GID, dx float32) string {
	o, ok := f.GlyphData(g).(font.GlyphOutline)
	if !ok {
		return ""
	}
	segs := append([]font.Segment(nil), o.Segments...)
	for i := range segs {
		n := map[ot.SegmentOp]int{ot.SegmentOpMoveTo: 1, ot.SegmentOpLineTo: 1, ot.SegmentOpQuadTo: 2, ot.SegmentOpCubeTo: 3}[segs[i].Op]
		for k := range n {
			segs[i].Args[k].X += dx
		}
	}
	return fmt.Sprint(segs)
}

func outline(f *font.Face, g font.GID) string {
	o, ok := f.GlyphData(g).(font.GlyphOutline)
	if !ok || len(o.Segments) == 0 {
		return ""
	}
	return fmt.Sprint(o.Segments)
}

// TestPDFRaster holds a page as poppler renders our PDF against the same text rasterised
// straight from the source font by an independent renderer (golang.org/x/image/font/opentype):
// body text, a bold heading and digits, each glyph at the position layout gave it. Embedding the
// wrong outlines, misplacing glyphs or mis-scaling the font shows up in the 4×4-block
// difference; the tolerance is the one the SVG and OFD render tests use (at most 2 % of blocks
// off by more than 15 %, RMSE at most 6 %).
func TestPDFRaster(t *testing.T) {
	need(t, have("pdftoppm"), "poppler-utils")
	body, hei := fonts.Default(fonts.Body), fonts.Default(fonts.H1)
	items := []layout.Item{
		{Kind: layout.TextItem, X: 80, Y: 120, Font: hei.ID, Size: 16, Text: "一、总体情况"},
		{Kind: layout.TextItem, X: 80, Y: 160, Font: body.ID, Size: 16, Text: "本年度共受理政府信息公开申请15件，"},
		{Kind: layout.TextItem, X: 80, Y: 200, Font: body.ID, Size: 16, Text: "办结率100%。“三安全一稳定”"},
	}
	page := layout.Page{Number: 1, Width: 595.28, Height: 841.89, Items: items}
	dir := t.TempDir()
	f, _ := os.Create(filepath.Join(dir, "p.pdf"))
	laid, err := layout.NewDocument([]layout.Page{page}, []*fonts.Face{body, hei}, tree.Meta{Title: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if err := pdf.Write(f, laid); err != nil {
		t.Fatal(err)
	}
	f.Close()
	const dpi = 144
	if out, err := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-png", "-singlefile", filepath.Join(dir, "p.pdf"), filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	// the same page drawn from the source fonts, glyph by glyph at layout's advances
	scale := float64(dpi) / 72
	img := image.NewRGBA(image.Rect(0, 0, int(page.Width*scale+0.5), int(page.Height*scale+0.5)))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for _, it := range items {
		face := map[string]*fonts.Face{body.ID: body, hei.ID: hei}[it.Font]
		otf, err := opentype.Parse(face.Data)
		if err != nil {
			t.Fatal(err)
		}
		ff, err := opentype.NewFace(otf, &opentype.FaceOptions{Size: it.Size, DPI: dpi, Hinting: xfont.HintingNone})
		if err != nil {
			t.Fatal(err)
		}
		x := it.X
		for _, r := range it.Text {
			d := xfont.Drawer{Dst: img, Src: image.Black, Face: ff, Dot: fixed.Point26_6{X: fixed.Int26_6(x * scale * 64), Y: fixed.Int26_6(it.Y * scale * 64)}}
			d.DrawString(string(r))
			x += face.Advance(r)*it.Size + it.Spacing
		}
	}
	// compared over the text's area only, so the blank page does not dilute the difference
	area := image.Rect(int(60*scale), int(95*scale), int(560*scale), int(210*scale))
	crop := func(m image.Image) []byte {
		c := image.NewRGBA(image.Rect(0, 0, area.Dx(), area.Dy()))
		draw.Draw(c, c.Bounds(), m, area.Min, draw.Src)
		var b bytes.Buffer
		png.Encode(&b, c)
		return b.Bytes()
	}
	popplerImg, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	got = crop(popplerImg)
	frac, rmse, err := imgdiff.Blocks(got, crop(img))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("poppler's rendering of our PDF against x/image/font's rasterisation of the source fonts: %.2f%% of blocks differ, RMSE %.2f%%", 100*frac, 100*rmse)
	if frac > 0.02 || rmse > 0.06 {
		t.Errorf("the PDF renders unlike its source fonts: %.2f%% of blocks, RMSE %.2f%%", 100*frac, 100*rmse)
	}
	// the check can fail: the same text one point to the right is caught
	shifted := image.NewRGBA(img.Bounds())
	draw.Draw(shifted, shifted.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(shifted, shifted.Bounds().Add(image.Pt(int(scale), 0)), img, image.Point{}, draw.Src)
	frac, rmse, _ = imgdiff.Blocks(got, crop(shifted))
	t.Logf("the same against the rasterisation moved one point right: %.2f%%, RMSE %.2f%%", 100*frac, 100*rmse)
	if frac <= 0.02 && rmse <= 0.06 {
		t.Errorf("a one-point shift passes the tolerance (%.2f%%, RMSE %.2f%%): the test is blind", 100*frac, 100*rmse)
	}
}
