package pdf

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao/fonts"
	"nianbao/layout"
	"nianbao/tree"
)

var update = flag.Bool("update", false, "rewrite testdata/*.txt from the current output")

// TestTags: the structure tree of a small two-page document — a title, a section heading, a
// paragraph that runs onto the next page, a table with two header rows (a cell spanning both, a
// cell spanning two columns), row labels, and artifacts (a page number, a rule, a header row
// redrawn on page 2) — read back out of the PDF and dumped as an indented outline
// (testdata/tags.txt: one element a line, its attributes, its marked content as page:MCID). The
// dump is the golden (go test ./pdf -run TestTags -update rewrites it; review the diff). Checked
// besides: each element's /P is its parent, /Pg its first page, and the parent tree is exactly the
// inverse of the marked-content references (ISO 32000-1 §14.7.4.4, PDF/UA-1 §7.1).
func TestTags(t *testing.T) {
	body, title := fonts.Default(fonts.Body), fonts.Default(fonts.Title)
	text := func(x, y float64, face *fonts.Face, s, where string, st layout.Struct) layout.Item {
		return layout.Item{Kind: layout.TextItem, X: x, Y: y, Font: face.ID, Size: 16, Text: s, Where: where, Struct: st}
	}
	cell := func(elem int32, role string, row, col, rs, cs int16, head bool, scope string) layout.Struct {
		return layout.Struct{Role: role, Elem: elem, Table: 1, Row: row, Col: col, RowSpan: rs, ColSpan: cs, Head: head, Scope: scope}
	}
	th1 := cell(4, "TH", 0, 0, 2, 1, true, "Column")
	th2 := cell(5, "TH", 0, 1, 1, 2, true, "Column")
	th3 := cell(6, "TH", 1, 1, 1, 1, true, "Column")
	th4 := cell(7, "TH", 1, 2, 1, 1, true, "Column")
	rule := layout.Item{Kind: layout.RuleItem, X: 80, Y: 300, X2: 500, Y2: 300, Width: 0.5}
	page1 := []layout.Item{
		text(100, 100, title, "某某县人民政府", "标题", layout.Struct{Role: "H1", Elem: 1}),
		text(100, 130, title, "2023年政府信息公开工作年度报告", "标题", layout.Struct{Role: "H1", Elem: 1}),
		text(100, 180, body, "一、总体情况", "总体情况", layout.Struct{Role: "H2", Elem: 2}),
		text(100, 210, body, "本年度，", "总体情况¶1", layout.Struct{Role: "P", Elem: 3}),
		text(100, 240, body, "我县……", "总体情况¶1", layout.Struct{Role: "P", Elem: 3}),
		text(100, 280, body, "项目", "表一「项目」", th1),
		text(200, 280, body, "数量", "表一「数量」", th2),
		rule,
		text(200, 320, body, "本年", "表一「本年」", th3),
		text(300, 320, body, "上年", "表一「上年」", th4),
		text(280, 800, body, "— 1 —", "", layout.Struct{}),
	}
	page2 := []layout.Item{
		text(100, 100, body, "继续段落。", "总体情况¶1", layout.Struct{Role: "P", Elem: 3}),
		text(100, 280, body, "项目", "表一「项目」", layout.Struct{}), // the header redrawn: an artifact
		text(100, 320, body, "规章", "表一「规章」", cell(8, "TH", 2, 0, 1, 1, false, "Row")),
		text(200, 320, body, "3", "表一「规章」「本年」", cell(9, "TD", 2, 1, 1, 1, false, "")),
		text(300, 320, body, "2", "表一「规章」「上年」", cell(10, "TD", 2, 2, 1, 1, false, "")),
		text(100, 350, body, "规范性文件", "表一「规范性文件」", cell(11, "TH", 3, 0, 1, 1, false, "Row")),
		text(200, 350, body, "合计 7", "表一「规范性文件」「数量」", cell(12, "TD", 3, 1, 1, 2, false, "")),
		text(100, 400, body, "某某县人民政府", "署名", layout.Struct{Role: "P", Elem: 13}),
		rule,
		text(280, 800, body, "— 2 —", "", layout.Struct{}),
	}
	pages := []layout.Page{
		{Number: 1, Width: 595.28, Height: 841.89, Items: page1},
		{Number: 2, Width: 595.28, Height: 841.89, Items: page2},
	}
	var b bytes.Buffer
	laid, err := layout.NewDocument(pages, []*fonts.Face{body, title}, tree.Meta{Title: "标题", Lang: "zh-CN", Date: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, laid); err != nil {
		t.Fatal(err)
	}
	got := dumpTags(t, b.String())
	const golden = "testdata/tags.txt"
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./pdf -run TestTags -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("the structure tree differs from %s (-update rewrites it; review the diff):\n%s", golden, got)
	}
}

var (
	objRE     = regexp.MustCompile(`(?s)(\d+) 0 obj\n(.*?)\nendobj`)
	kidRE     = regexp.MustCompile(`<< /Type /MCR /Pg (\d+) 0 R /MCID (\d+) >>|(\d+) 0 R|(\d+)`)
	nameRE    = regexp.MustCompile(`/S /(\w+)`)
	parentRE  = regexp.MustCompile(`/P (\d+) 0 R`)
	pgRE      = regexp.MustCompile(`/Pg (\d+) 0 R`)
	attrRE    = regexp.MustCompile(`/A << /O /Table(.*?) >>`)
	pagesRE   = regexp.MustCompile(`/Type /Pages /Kids \[([^\]]*)\]`)
	rootRE    = regexp.MustCompile(`/Type /StructTreeRoot /K (\d+) 0 R /ParentTree (\d+) 0 R /ParentTreeNextKey (\d+)`)
	ptEntryRE = regexp.MustCompile(`(\d+) \[([^\]]*)\]`)
)

// dumpTags reads the structure tree out of a PDF of ours (uncompressed object dictionaries) and
// writes it one element a line, indented by depth, checking /P, /Pg and the parent tree.
func dumpTags(t *testing.T, pdf string) string {
	t.Helper()
	objs := map[int]string{}
	for _, m := range objRE.FindAllStringSubmatch(pdf, -1) {
		n, _ := strconv.Atoi(m[1])
		objs[n] = m[2]
	}
	var pageObjs []int
	for _, m := range pagesRE.FindAllStringSubmatch(pdf, 1) {
		for _, r := range regexp.MustCompile(`(\d+) 0 R`).FindAllStringSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(r[1])
			pageObjs = append(pageObjs, n)
		}
	}
	pageOf := func(obj int) int { return slices.Index(pageObjs, obj) + 1 }
	root := rootRE.FindStringSubmatch(pdf)
	if root == nil {
		t.Fatal("no StructTreeRoot")
	}
	type ref struct{ page, mcid int }
	owner := map[ref]int{} // marked content → its element's object
	var b strings.Builder
	var walk func(obj, parent, depth int)
	walk = func(obj, parent, depth int) {
		d := objs[obj]
		if !strings.Contains(d, "/Type /StructElem") {
			t.Fatalf("object %d is not a structure element: %s", obj, d)
		}
		if p := parentRE.FindStringSubmatch(d); p == nil || p[1] != strconv.Itoa(parent) {
			t.Errorf("object %d: /P is not its parent %d: %s", obj, parent, d)
		}
		line := strings.Repeat("  ", depth) + nameRE.FindStringSubmatch(d)[1]
		if a := attrRE.FindStringSubmatch(d); a != nil {
			line += a[1]
		}
		k := d[strings.Index(d, "/K ")+3:]
		if strings.HasPrefix(k, "[") {
			k = k[1:strings.Index(k, "]")]
		} else {
			k = k[:strings.Index(k, " R")+2]
		}
		pg := 0
		if m := pgRE.FindStringSubmatch(strings.Split(d, "/K ")[0]); m != nil {
			pg, _ = strconv.Atoi(m[1])
		}
		var content []string
		var kids []int
		for _, m := range kidRE.FindAllStringSubmatch(k, -1) {
			switch {
			case m[1] != "": // a marked-content reference on another page
				p, _ := strconv.Atoi(m[1])
				mcid, _ := strconv.Atoi(m[2])
				content = append(content, fmt.Sprintf("%d:%d", pageOf(p), mcid))
				owner[ref{pageOf(p), mcid}] = obj
			case m[3] != "":
				n, _ := strconv.Atoi(m[3])
				kids = append(kids, n)
			default: // an MCID on the element's own page
				mcid, _ := strconv.Atoi(m[4])
				if pg == 0 {
					t.Errorf("object %d: an MCID without /Pg", obj)
				}
				content = append(content, fmt.Sprintf("%d:%d", pageOf(pg), mcid))
				owner[ref{pageOf(pg), mcid}] = obj
			}
		}
		if len(content) > 0 {
			line += " [" + strings.Join(content, " ") + "]"
			if !strings.HasPrefix(content[0], strconv.Itoa(pageOf(pg))+":") {
				t.Errorf("object %d: /Pg is not the page of its first content", obj)
			}
		}
		b.WriteString(line + "\n")
		for _, kid := range kids {
			walk(kid, obj, depth+1)
		}
	}
	rootObj, _ := strconv.Atoi(root[0][strings.Index(root[0], "/K ")+3 : strings.Index(root[0], " 0 R")])
	rootN := 0
	for n, d := range objs {
		if strings.Contains(d, "/Type /StructTreeRoot") {
			rootN = n
		}
	}
	walk(rootObj, rootN, 0)
	// the parent tree: page i's MCIDs, in order, are owned by exactly these elements
	ptN, _ := strconv.Atoi(root[2])
	entries := ptEntryRE.FindAllStringSubmatch(objs[ptN], -1)
	if next, _ := strconv.Atoi(root[3]); next != len(pageObjs) || len(entries) != len(pageObjs) {
		t.Errorf("parent tree: %d entries, ParentTreeNextKey %s, %d pages", len(entries), root[3], len(pageObjs))
	}
	seen := 0
	for _, e := range entries {
		page, _ := strconv.Atoi(e[1])
		for mcid, r := range regexp.MustCompile(`(\d+) 0 R`).FindAllStringSubmatch(e[2], -1) {
			n, _ := strconv.Atoi(r[1])
			if owner[ref{page + 1, mcid}] != n {
				t.Errorf("parent tree: page %d MCID %d → object %d, but the tree puts it under %d", page+1, mcid, n, owner[ref{page + 1, mcid}])
			}
			seen++
		}
	}
	if seen != len(owner) {
		t.Errorf("parent tree: %d marked-content sequences, the tree references %d", seen, len(owner))
	}
	return b.String()
}
