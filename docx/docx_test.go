package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/layout"
	"nianbao/theme"
	"nianbao/tree"
)

var update = flag.Bool("update", false, "rewrite the golden XML dumps in testdata/")

func report(t *testing.T, path string) *tree.Document {
	t.Helper()
	r, err := datafile.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	check.Check(r)
	return tree.Build(r)
}

// testFonts are the embedded faces only, as on a machine without the official fonts.
var testFonts = sync.OnceValue(func() *fonts.Set {
	s, err := fonts.Resolve(fonts.Options{NoSystem: true})
	if err != nil {
		panic(err)
	}
	return s
})

func write(t *testing.T, d *tree.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	meta := Meta{Meta: tree.Meta{Title: d.Title, Author: d.Author, Lang: "zh-CN", Date: time.Date(2024, 1, 22, 0, 0, 0, 0, time.UTC)}}
	th := theme.New()
	c, err := layout.Compose(d, th, testFonts())
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, d, c, th, meta); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func parts(t *testing.T, data []byte) (names []string, files map[string]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files = map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		names = append(names, f.Name)
		files[f.Name] = string(b)
	}
	return names, files
}

// normalise puts one element per line so that a golden diff is readable.
func normalise(x string) string { return regexp.MustCompile(`><`).ReplaceAllString(x, ">\n<") }

// TestGolden compares the part list and the normalised document.xml and styles.xml with reviewed
// dumps (go test ./docx -update rewrites them).
func TestGolden(t *testing.T) {
	for _, name := range []string{"qingshi-2023", "yipingyuan-2022"} {
		t.Run(name, func(t *testing.T) {
			names, files := parts(t, write(t, report(t, "../examples/"+name+"/report.toml")))
			got := "parts:\n" + strings.Join(names, "\n") + "\n\nword/styles.xml:\n" + normalise(files["word/styles.xml"]) +
				"\n\nword/document.xml:\n" + normalise(files["word/document.xml"]) + "\n"
			path := filepath.Join("testdata", name+".xml.txt")
			if *update {
				os.MkdirAll("testdata", 0o755)
				os.WriteFile(path, []byte(got), 0o644)
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("no golden file (go test ./docx -update, then review): %v", err)
			}
			if got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("%s differs at line %d:\n got %s\nwant %s", path, i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("%s differs in length", path)
			}
		})
	}
}

func TestStructure(t *testing.T) {
	data := write(t, report(t, "../examples/qingshi-2023/report.toml"))
	if !bytes.Equal(data, write(t, report(t, "../examples/qingshi-2023/report.toml"))) {
		t.Error("not deterministic")
	}
	names, files := parts(t, data)
	for name, x := range files {
		// the parts are built from text templates with every value escaped: they must parse
		dec := xml.NewDecoder(strings.NewReader(x))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed: %v", name, err)
			}
		}
	}
	if names[0] != "[Content_Types].xml" {
		t.Errorf("first part %s", names[0])
	}
	docXML := files["word/document.xml"]
	for _, want := range []string{
		`<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-841"/>`,
		`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`,
		`<w:footerReference w:type="even" r:id="rId5"/>`,
		`<w:tblHeader/>`, `<w:vMerge w:val="restart"/>`, `<w:vMerge/>`, `<w:gridSpan w:val="7"/>`, `<w:tblLayout w:type="fixed"/>`,
		`<w:pStyle w:val="Heading1"/>`,
	} {
		if !strings.Contains(docXML, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(files["word/settings.xml"], "<w:evenAndOddHeaders/>") {
		t.Error("no evenAndOddHeaders")
	}
	if !strings.Contains(files["word/footer2.xml"], `<w:jc w:val="left"/>`) || !strings.Contains(files["word/footer1.xml"], `<w:jc w:val="right"/>`) {
		t.Error("footers not outside")
	}
	st := files["word/styles.xml"]
	for _, want := range []string{`w:eastAsia="仿宋_GB2312"`, `w:eastAsia="黑体"`, `w:eastAsia="楷体_GB2312"`, `w:eastAsia="方正小标宋简体"`, `w:firstLineChars="200"`, `<w:name w:val="heading 1"/>`, `w:hint="eastAsia"`} {
		if !strings.Contains(st, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	// table 三: 28 rows, every row covers the 10 grid columns
	i := strings.Index(docXML, "本年新收政府信息公开申请数量")
	tbl := docXML[strings.LastIndex(docXML[:i], "<w:tbl>"):]
	tbl = tbl[:strings.Index(tbl, "</w:tbl>")]
	rows := strings.Split(tbl, "<w:tr>")[1:]
	if len(rows) != 28 {
		t.Errorf("table 三 has %d rows", len(rows))
	}
	for k, r := range rows {
		cols := strings.Count(r, "<w:tc>")
		for _, m := range regexp.MustCompile(`<w:gridSpan w:val="(\d+)"/>`).FindAllStringSubmatch(r, -1) {
			cols += int(m[1][0]-'0') - 1
		}
		if cols != 10 {
			t.Errorf("table 三 row %d covers %d columns", k+1, cols)
		}
	}
}

// TestTableShapes: the grids of both formats, counted in the XML (docxcheck knows 2021 only).
func TestTableShapes(t *testing.T) {
	for path, want := range map[string][3][2]int{
		"../examples/qingshi-2023/report.toml": {{14, 4}, {28, 10}, {4, 15}},
		"../examples/qingshi-2020/report.toml": {{18, 4}, {26, 10}, {4, 15}},
	} {
		_, files := parts(t, write(t, report(t, path)))
		tables := strings.Split(files["word/document.xml"], "<w:tbl>")[1:]
		if len(tables) != 3 {
			t.Fatalf("%s: %d tables", path, len(tables))
		}
		for i, tb := range tables {
			tb = tb[:strings.Index(tb, "</w:tbl>")]
			got := [2]int{strings.Count(tb, "<w:tr>"), strings.Count(tb, "<w:gridCol ")}
			if got != want[i] {
				t.Errorf("%s table %d: %v, want %v", path, i+2, got, want[i])
			}
		}
	}
}

func TestEscapingAndControlCharacters(t *testing.T) {
	d := &tree.Document{Meta: tree.Meta{Title: `A&B <C> "D"`}, Blocks: []tree.Block{&tree.Para{Runs: []tree.Run{{Text: "x<y&z>“引号”"}}, Where: "一、总体情况 第1段"}}}
	_, files := parts(t, write(t, d))
	if !strings.Contains(files["word/document.xml"], "x&lt;y&amp;z&gt;") {
		t.Error("text not escaped")
	}
	d.Blocks = append(d.Blocks, &tree.Para{Runs: []tree.Run{{Text: "bad\x01char"}}, Where: "五、存在的主要问题及改进情况 第2段"})
	err := CheckText(d)
	if err == nil || !strings.Contains(err.Error(), "U+0001") || !strings.Contains(err.Error(), "五、存在的主要问题及改进情况 第2段") {
		t.Errorf("control character: %v", err)
	}
}

// TestSameLinesAsLayout: for every example — and for a title of three lines and a long organ's
// name — the DOCX breaks the title and the signature block into the lines the PDF's pages have,
// and indents each signature line by its inset on the page.
func TestSameLinesAsLayout(t *testing.T) {
	paths, _ := filepath.Glob("../examples/*/report.toml")
	if len(paths) < 4 {
		t.Fatalf("examples: %v", paths)
	}
	type doc struct {
		name string
		d    *tree.Document
	}
	var docs []doc
	for _, p := range paths {
		docs = append(docs, doc{filepath.Base(filepath.Dir(p)), report(t, p)})
	}
	long := *docs[0].d
	long.Title = "宁和县人民政府办公室宁和县市场监督管理局宁和县青石镇人民政府2023年政府信息公开工作年度报告"
	long.Signature.Name = "宁和县人民政府办公室宁和县市场监督管理局宁和县青石镇人民政府宁和县发展和改革局"
	docs = append(docs, doc{"long", &long})
	th := theme.New()
	for _, c := range docs {
		laid, err := layout.Layout(c.d, th, testFonts())
		if err != nil {
			t.Fatal(err)
		}
		var title, sig []string
		var sigX []float64
		lines := func(p layout.Page, where string, out *[]string, xs *[]float64) {
			y := -1.0
			for _, it := range p.Items {
				if it.Kind != layout.TextItem || it.Where != where {
					continue
				}
				if it.Y != y {
					*out = append(*out, "")
					if xs != nil {
						*xs = append(*xs, it.X)
					}
					y = it.Y
				}
				(*out)[len(*out)-1] += it.Text
			}
		}
		lines(laid.Pages[0], "标题", &title, nil)
		lines(laid.Pages[len(laid.Pages)-1], "署名", &sig, &sigX)
		_, files := parts(t, write(t, c.d))
		x := files["word/document.xml"]
		para := regexp.MustCompile(`<w:p>(.*?)</w:p>`)
		text := regexp.MustCompile(`<w:t xml:space="preserve">(.*?)</w:t>|<w:br/>`)
		var dtitle []string
		for _, m := range text.FindAllStringSubmatch(para.FindStringSubmatch(x)[1], -1) {
			if m[0] == "<w:br/>" || dtitle == nil {
				dtitle = append(dtitle, "")
			}
			dtitle[len(dtitle)-1] += m[1]
		}
		if strings.Join(dtitle, "|") != strings.Join(title, "|") {
			t.Errorf("%s: title lines\nDOCX %q\n PDF %q", c.name, dtitle, title)
		}
		var dsig []string
		var right []int
		ind := regexp.MustCompile(`w:right="(\d+)"`)
		for _, m := range para.FindAllStringSubmatch(x, -1) {
			if !strings.Contains(m[1], `<w:jc w:val="right"/>`) {
				continue
			}
			s := ""
			for _, tm := range text.FindAllStringSubmatch(m[1], -1) {
				s += tm[1]
			}
			dsig = append(dsig, s)
			n := 0
			fmt.Sscan(ind.FindStringSubmatch(m[1])[1], &n)
			right = append(right, n)
		}
		if strings.Join(dsig, "|") != strings.Join(sig, "|") || len(sig) < 2 {
			t.Errorf("%s: signature lines\nDOCX %q\n PDF %q", c.name, dsig, sig)
			continue
		}
		// each line's right end, from the PDF's first glyph and the line's measured width, is the
		// DOCX's right indent away from the type area's right edge
		comp, _ := layout.Compose(c.d, th, testFonts())
		ls := append(comp.Signature.Name, comp.Signature.Date)
		for i := range sig {
			inset := comp.Grid.Right() - (sigX[i] + ls[i].W)
			if d := float64(right[i]) - inset*20; d < -0.5 || d > 0.5 {
				t.Errorf("%s: signature line %q indented %d twips, the PDF's inset is %.1f", c.name, sig[i], right[i], inset*20)
			}
		}
	}
}
