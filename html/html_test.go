package html_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/html"
	"nianbao/internal/testenv"
	"nianbao/layout"
	"nianbao/model"
	"nianbao/pipeline"
	"nianbao/theme"
	"nianbao/tree"
)

// example is one consistent example report, its tree, and its HTML page and fragment.
type example struct {
	name       string
	r          *model.Report // completed
	d          *tree.Document
	page, frag string
}

func examples(t *testing.T) []example {
	t.Helper()
	paths, _ := filepath.Glob("../examples/*/report.toml")
	var out []example
	for _, p := range paths {
		if strings.Contains(p, "inconsistent") {
			continue
		}
		r, err := datafile.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		r = model.Completed(r)
		d := tree.Build(r)
		var page, frag bytes.Buffer
		if err := html.Write(&page, d, html.Options{}); err != nil {
			t.Fatal(err)
		}
		if err := html.Write(&frag, d, html.Options{Fragment: true}); err != nil {
			t.Fatal(err)
		}
		out = append(out, example{filepath.Base(filepath.Dir(p)), r, d, page.String(), frag.String()})
	}
	if len(out) < 4 {
		t.Fatalf("only %d examples", len(out))
	}
	return out
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestPage: the page is one self-contained document — lang, charset, a title, no script, no
// outside address, one h1, headings that never skip a level — and the same tree gives the same
// bytes.
func TestPage(t *testing.T) {
	for _, e := range examples(t) {
		p := e.page
		for _, want := range []string{"<!DOCTYPE html>", `<html lang="zh-CN">`, `<meta charset="utf-8">`, "<title>" + e.d.Title + "</title>",
			`name="viewport"`, "Content-Security-Policy", "@media print", "@page{size:A4"} {
			if !strings.Contains(p, want) {
				t.Errorf("%s: the page lacks %q", e.name, want)
			}
		}
		for _, bad := range []string{"<script", "http:", "https:", "@font-face", "url(", "<img", "<link", "<iframe"} {
			if strings.Contains(p, bad) {
				t.Errorf("%s: the page has %q", e.name, bad)
			}
		}
		blocks, tables, err := read(p)
		if err != nil {
			t.Fatal(err)
		}
		last := 0
		h1 := 0
		for _, b := range blocks {
			if b.tag[0] != 'h' {
				continue
			}
			lv := int(b.tag[1] - '0')
			if lv > last+1 {
				t.Errorf("%s: %s %q follows h%d", e.name, b.tag, b.text, last)
			}
			last = lv
			if lv == 1 {
				h1++
			}
		}
		if h1 != 1 || len(tables) != 3 {
			t.Errorf("%s: %d h1, %d tables", e.name, h1, len(tables))
		}
		var again bytes.Buffer
		html.Write(&again, e.d, html.Options{})
		if again.String() != p {
			t.Errorf("%s: two writes differ", e.name)
		}
	}
}

// narrative is the text of the layout's elements outside the tables (title, headings,
// paragraphs, signature), one string an element, in reading order: what the PDF draws and tags.
func narrative(t *testing.T, d *tree.Document) []string {
	set, err := fonts.Resolve(fonts.Options{NoSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	laid, err := layout.Layout(d, theme.New(), set)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	last := int32(-1)
	for _, pg := range laid.Pages {
		for _, it := range pg.Items {
			if it.Kind != layout.TextItem || it.Struct.Elem == 0 || it.Struct.Role == "TH" || it.Struct.Role == "TD" {
				continue
			}
			if it.Struct.Elem != last {
				out = append(out, "")
				last = it.Struct.Elem
			}
			out[len(out)-1] += it.Text
		}
	}
	return out
}

// TestText: the page's text outside the tables is the PDF's, character for character and in the
// same order, element by element (title, headings, paragraphs, signature); only the line breaks
// differ, so white space is left out of the comparison. The fragment says the same.
func TestText(t *testing.T) {
	for _, e := range examples(t) {
		want := narrative(t, e.d)
		for _, kind := range []struct{ name, src string }{{"page", e.page}, {"fragment", e.frag}} {
			blocks, _, err := read(kind.src)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range blocks {
				got = append(got, squeeze(b.text))
			}
			w := make([]string, len(want))
			for i := range want {
				w[i] = squeeze(want[i])
			}
			if !slices.Equal(got, w) {
				for i := range min(len(got), len(w)) {
					if got[i] != w[i] {
						t.Errorf("%s %s: element %d is\n%q, the PDF has\n%q", e.name, kind.name, i+1, got[i], w[i])
						break
					}
				}
				t.Errorf("%s %s: %d elements, the PDF has %d", e.name, kind.name, len(got), len(w))
			}
		}
	}
}

// TestPDFText: the same against what poppler extracts from the PDF itself — every paragraph of
// the page occurs in the PDF's text, in order.
func TestPDFText(t *testing.T) {
	testenv.NeedCmd(t, "pdftotext")
	set, err := fonts.Resolve(fonts.Options{NoSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pageNo := regexp.MustCompile(`(?m)^— \d+ —$`)
	for _, e := range examples(t) {
		base := filepath.Join(dir, e.name)
		if _, err := pipeline.Write(e.r, nil, base, pipeline.Options{Theme: theme.New(), Fonts: set, PDF: true, HTML: true}); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-raw", base+".pdf", "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pdfText := squeeze(pageNo.ReplaceAllString(string(out), ""))
		page, _ := os.ReadFile(base + ".html")
		if string(page) != e.page {
			t.Errorf("%s: build --formats html wrote another page than html.Write", e.name)
		}
		blocks, _, _ := read(string(page))
		at := 0
		for _, b := range blocks {
			s := squeeze(b.text)
			i := strings.Index(pdfText[at:], s)
			if i < 0 {
				t.Errorf("%s: %q is not in the PDF's text after offset %d", e.name, s, at)
				break
			}
			at += i + len(s)
		}
	}
}

// TestTables: tables 二, 三 and 四 read back from the page (and from the fragment) have the
// official grid — every label and number at its place with its spans — and every number is the
// data's, with headers naming all of its labels: the row's groups and label, outermost first,
// then its column labels down to its own ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密",
// "申请人情况", "法人或其他组织", "商业企业").
func TestTables(t *testing.T) {
	for _, e := range examples(t) {
		for _, kind := range []struct{ name, src string }{{"page", e.page}, {"fragment", e.frag}} {
			_, tables, err := read(kind.src)
			if err != nil {
				t.Fatal(err)
			}
			if len(tables) != 3 {
				t.Fatalf("%s %s: %d tables", e.name, kind.name, len(tables))
			}
			for ti, tab := range e.r.Tables {
				def, got := tab.Def, tables[ti]
				where := e.name + " " + kind.name + " 表" + def.ID
				if !strings.HasPrefix(got.caption, "表"+def.ID) {
					t.Errorf("%s: caption %q", where, got.caption)
				}
				if got.thead != def.HeaderRows {
					t.Errorf("%s: %d rows in thead, want %d", where, got.thead, def.HeaderRows)
				}
				if len(got.cells) != len(def.Cells) {
					t.Errorf("%s: %d cells, want %d", where, len(got.cells), len(def.Cells))
				}
				for _, c := range def.Cells {
					rc := got.cells[[2]int{c.R, c.C}]
					if rc == nil {
						t.Errorf("%s: no cell at row %d column %d (%q)", where, c.R, c.C, c.Text)
						continue
					}
					if rc.rowSpan != c.RowSpan || rc.span != c.Span {
						t.Errorf("%s: cell %q spans %d×%d, want %d×%d", where, rc.text, rc.rowSpan, rc.span, c.RowSpan, c.Span)
					}
					if c.Row < 0 {
						if rc.text != c.Text {
							t.Errorf("%s: label %q, want %q", where, rc.text, c.Text)
						}
						continue
					}
					rd := &def.Data[c.Row]
					label := model.TableLabel(def, rd, c.Col)
					if want := tab.Values[c.Row][c.Col].Print(rd.Kinds[c.Col]); rc.text != want || rc.tag != "td" {
						t.Errorf("%s: %s is <%s>%q, want <td>%q", where, label, rc.tag, rc.text, want)
					}
					path := strings.Split(rd.FullLabel(), " › ")
					if len(rc.headers) <= len(path) || !slices.Equal(rc.headers[:len(path)], path) || rc.headers[len(rc.headers)-1] != rd.Cols[c.Col] {
						t.Errorf("%s: %s has headers %q", where, label, rc.headers)
					}
				}
				for _, rc := range got.cells {
					if rc.tag == "th" && rc.scope == "" {
						t.Errorf("%s: header %q has no scope", where, rc.text)
					}
				}
			}
		}
	}
}

// TestFragment: the fragment is the article alone — no document, no <style>, <script> or class,
// every look inline — and it survives what a site's editor does to pasted HTML (UEditor and
// KindEditor keep tables and inline styles, and drop <style>, <script> and classes; a stricter
// filter keeps only a few tags — not article, section, caption or colgroup — and the attributes
// colspan, rowspan and style): the tables keep their grid and numbers, the text stays the same.
func TestFragment(t *testing.T) {
	tagRe := regexp.MustCompile(`<(/?)([a-z0-9]+)([^>]*)>`)
	attrRe := regexp.MustCompile(`\s([a-z-]+)="([^"]*)"`)
	keepTags := []string{"h1", "h2", "h3", "h4", "h5", "h6", "p", "span", "br", "div", "table", "thead", "tbody", "tr", "th", "td"}
	strict := func(s string) string {
		return tagRe.ReplaceAllStringFunc(s, func(tag string) string {
			m := tagRe.FindStringSubmatch(tag)
			if !slices.Contains(keepTags, m[2]) {
				return ""
			}
			var kept []string
			for _, a := range attrRe.FindAllStringSubmatch(m[3], -1) {
				if a[1] == "colspan" || a[1] == "rowspan" || a[1] == "style" {
					kept = append(kept, a[0])
				}
			}
			return "<" + m[1] + m[2] + strings.Join(kept, "") + ">"
		})
	}
	for _, e := range examples(t) {
		f := e.frag
		if first := f[:strings.IndexByte(f, '>')]; !strings.HasPrefix(first, `<div style="`) || !strings.Contains(first, `lang="zh-CN"`) {
			t.Errorf("%s: the fragment starts %q", e.name, f[:min(80, len(f))])
		}
		for _, bad := range []string{"<!DOCTYPE", "<html", "<head", "<body", "<style", "<script", "class=", "<main"} {
			if strings.Contains(f, bad) {
				t.Errorf("%s: the fragment has %q", e.name, bad)
			}
		}
		if n := strings.Count(f, "<table"); n != 3 {
			t.Errorf("%s: %d tables in the fragment", e.name, n)
		}
		if !strings.Contains(f, "text-align:right") || !strings.Contains(f, "overflow-x:auto") || !strings.Contains(f, "font-family:") {
			t.Errorf("%s: the fragment's looks are not inline", e.name)
		}
		pageBlocks, pageTables, _ := read(e.page)
		stripped := strict(f)
		if strings.Contains(stripped, " id=") || strings.Contains(stripped, "headers=") {
			t.Fatal("the strict filter kept ids")
		}
		blocks, tables, err := read(stripped)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(blocks, pageBlocks) {
			t.Errorf("%s: the filtered fragment's text differs from the page's", e.name)
		}
		if len(tables) != 3 {
			t.Fatalf("%s: %d tables after filtering", e.name, len(tables))
		}
		for i, tab := range tables {
			if len(tab.cells) != len(pageTables[i].cells) {
				t.Errorf("%s: table %d has %d cells after filtering, %d before", e.name, i+1, len(tab.cells), len(pageTables[i].cells))
			}
			for pos, c := range pageTables[i].cells {
				if g := tab.cells[pos]; g == nil || g.text != c.text || g.span != c.span || g.rowSpan != c.rowSpan || g.tag != c.tag {
					t.Errorf("%s: table %d cell %v changed by filtering", e.name, i+1, pos)
					break
				}
			}
		}
	}
}

// TestRunIn: a run-in heading stays in its paragraph (as in the PDF) and a heading alone is a
// heading one level below the one before; the theme's bold sub-headings are bold.
func TestRunIn(t *testing.T) {
	d := &tree.Document{Meta: tree.Meta{Title: "某某2023年政府信息公开工作年度报告", Lang: "zh-CN"}, Blocks: []tree.Block{
		&tree.Para{Style: tree.H1, Runs: []tree.Run{{Text: "一、总体情况", Style: tree.H1}}},
		&tree.Para{Style: tree.H3, Runs: []tree.Run{{Text: "1.单独的小标题", Style: tree.H3}}},
		&tree.Para{Style: tree.H2, Runs: []tree.Run{{Text: "（一）主动公开。", Style: tree.H2}, {Text: "正文<&>", Style: tree.Body}}},
	}}
	th := theme.New()
	th.Text.H3Bold = true
	var b bytes.Buffer
	if err := html.Write(&b, d, html.Options{Theme: th}); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{
		`<h2 class="nb-h1" id="nb-s1">一、总体情况</h2>`,
		`<h3 class="nb-h3 nb-bold">1.单独的小标题</h3>`, // H3 style after H2 (section) is h3, not h4
		`<p class="nb-p"><span class="nb-h2">（一）主动公开。</span>正文&lt;&amp;&gt;</p>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s", want)
		}
	}
}

// BenchmarkHTML: an example's tree → its page, the cost --formats html adds to a build.
func BenchmarkHTML(b *testing.B) {
	r, err := datafile.Load("../examples/qingshi-2023/report.toml")
	if err != nil {
		b.Fatal(err)
	}
	d := tree.Build(model.Completed(r))
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := html.Write(&buf, d, html.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
