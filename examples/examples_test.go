package examples

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/internal/testenv"
	"nianbao/model"
	"nianbao/pipeline"
	"nianbao/theme"
)

// need skips a test when an outside tool is missing here, and fails it in CI (CI=true), where
// .ci/run installs every tool.
func need(t *testing.T, ok bool, what string) { t.Helper(); testenv.Need(t, ok, what) }

func have(cmd string) bool { return testenv.Have(cmd) }

// shared is ../shared beside the repository (reference material and outside checks).
func shared(t *testing.T) string { t.Helper(); return testenv.Shared(t) }

type example struct {
	name, path string
	bad        bool
	format     string // "2021" or "2019"
}

func all(t *testing.T) []example {
	paths, _ := filepath.Glob("*/report.toml")
	var out []example
	for _, p := range paths {
		n := filepath.Dir(p)
		src, _ := os.ReadFile(p)
		format := "2021"
		if strings.Contains(string(src), "\nformat = \"2019\"") {
			format = "2019"
		}
		out = append(out, example{n, p, strings.HasPrefix(n, "inconsistent"), format})
	}
	if len(out) < 4 {
		t.Fatalf("only %d examples", len(out))
	}
	return out
}

var opts = func() pipeline.Options {
	set, err := fonts.Resolve(fonts.Options{NoSystem: true})
	if err != nil {
		panic(err)
	}
	return pipeline.Options{Theme: theme.New(), Fonts: set, PDF: true, DOCX: true, OFD: true}
}()

// built builds every consistent example once per test binary into one folder.
var builtDir string

// labels writes the official labels of a format, one a line, for the outside checks: the shared
// labels-2021.txt for 2021, the format definition's own for the 2019 trial format.
func labels(t *testing.T, sh, format, dir string) string {
	if format == "2021" {
		return filepath.Join(sh, "reference", "labels-2021.txt")
	}
	f := model.FormatByID(format)
	var b strings.Builder
	for _, s := range f.Sections {
		b.WriteString(s + "\n")
	}
	for _, tab := range f.Tables {
		for _, c := range tab.Cells {
			if c.Text != "" {
				b.WriteString(c.Text + "\n")
			}
		}
	}
	p := filepath.Join(dir, "labels-"+format+".txt")
	os.WriteFile(p, []byte(b.String()), 0o644)
	return p
}

func formatOf(t *testing.T, name string) string {
	for _, e := range all(t) {
		if e.name == name {
			return e.format
		}
	}
	return "2021"
}

// built returns, for each consistent example, the paths of its PDF, DOCX and OFD.
func built(t *testing.T) (string, map[string][3]string) {
	t.Helper()
	if builtDir == "" {
		builtDir, _ = os.MkdirTemp("", "nianbao-examples-")
	}
	out := map[string][3]string{}
	for _, e := range all(t) {
		if e.bad {
			continue
		}
		base := filepath.Join(builtDir, e.name)
		if _, err := os.Stat(base + ".ofd"); err != nil {
			r, err := datafile.Load(e.path)
			if err != nil {
				t.Fatal(err)
			}
			if fs := check.Check(r); check.HasErrors(fs) {
				t.Fatalf("%s: %v", e.path, fs)
			}
			if _, err := pipeline.Write(r, nil, base, opts); err != nil {
				t.Fatalf("%s: %v", e.path, err)
			}
		}
		out[e.name] = [3]string{base + ".pdf", base + ".docx", base + ".ofd"}
	}
	return builtDir, out
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// TestCheck: the consistent examples have no errors, the inconsistent one is rejected with
// each broken rule, its official label and FILE:LINE.
func TestCheck(t *testing.T) {
	for _, e := range all(t) {
		r, err := datafile.Load(e.path)
		if err != nil {
			t.Fatalf("%s: %v", e.path, err)
		}
		fs := check.Check(r)
		if !e.bad {
			if check.HasErrors(fs) {
				t.Errorf("%s: %v", e.path, fs)
			}
			continue
		}
		var text []string
		for _, f := range fs {
			text = append(text, f.String())
		}
		joined := strings.Join(text, "\n")
		for _, want := range []string{"[R1 勾稽关系]", "[R2 行总计]", "[R3 办理结果总计]", "[R4 表四总计]", e.path + ":", "（七）总计", "行政复议"} {
			if !strings.Contains(joined, want) {
				t.Errorf("%s: findings lack %q:\n%s", e.path, want, joined)
			}
		}
	}
}

// TestPDFCheck runs ../shared/tools/pdfcheck.py on every example PDF: A4, fonts embedded with
// Unicode maps, type area, 禁则, page numbers, 28-character lines, every official label.
func TestPDFCheck(t *testing.T) {
	sh := shared(t)
	need(t, have("pdftotext") && have("/usr/bin/python3"), "poppler-utils and python3")
	dir, files := built(t)
	for name, f := range files {
		out, err := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "pdfcheck.py"), f[0],
			"--labels", labels(t, sh, formatOf(t, name), dir)).CombinedOutput()
		if err != nil {
			t.Errorf("%s: pdfcheck failed: %v\n%s", name, err, out)
		}
		if formatOf(t, name) == "2021" && !bytes.Contains(out, []byte("labels found: 70/70")) {
			t.Errorf("%s: not every label found:\n%s", name, out)
		}
	}
}

// TestPDFFonts: every font embedded as a subset with a ToUnicode map (pdffonts), and the text
// extracts exactly as written.
func TestPDFFonts(t *testing.T) {
	need(t, have("pdffonts") && have("pdftotext"), "poppler-utils")
	_, files := built(t)
	for name, f := range files {
		out, err := exec.Command("pdffonts", f[0]).Output()
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
		if len(lines) < 3 {
			t.Errorf("%s: %d fonts", name, len(lines))
		}
		for _, l := range lines {
			cols := strings.Fields(l)
			// name type encoding emb sub uni object ID
			if n := len(cols); cols[n-5] != "yes" || cols[n-4] != "yes" || cols[n-3] != "yes" || !strings.Contains(cols[0], "+") {
				t.Errorf("%s: font not an embedded subset with a Unicode map: %s", name, l)
			}
		}
		// a bookmark for each of the six sections
		data, _ := os.ReadFile(f[0])
		if n := bytes.Count(data, []byte(" /Dest [")); n != 6 || !bytes.Contains(data, []byte("/Outlines ")) {
			t.Errorf("%s: %d bookmarks, want the 6 sections", name, n)
		}
		info, _ := exec.Command("pdfinfo", f[0]).Output()
		for _, want := range []string{"Title:", "政府信息公开工作年度报告", "Author:", "Creator:         nianbao", "(A4)"} {
			if !strings.Contains(string(info), want) {
				t.Errorf("%s: pdfinfo lacks %q:\n%s", name, want, info)
			}
		}
		text, _ := exec.Command("pdftotext", "-raw", f[0], "-").Output()
		flat := strings.Join(strings.Fields(string(text)), "")
		for _, want := range []string{"政府信息公开工作年度报告", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "— 1 —"} {
			if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
				t.Errorf("%s: extracted text lacks %q", name, want)
			}
		}
	}
}

// TestPDFText: the text poppler extracts from each example PDF (pdftotext -raw: content-stream
// order) equals its reviewed golden, pdftotext-raw.golden.txt beside the report. The goldens were
// made from the fpdf writer's PDFs and kept when our own writer replaced it: the text did not
// change by a character. A deliberate change of text or order is reviewed and the golden edited
// by hand.
func TestPDFText(t *testing.T) {
	need(t, have("pdftotext"), "poppler-utils")
	_, files := built(t)
	for name, f := range files {
		got, err := exec.Command("pdftotext", "-raw", f[0], "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(name, "pdftotext-raw.golden.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
			for i := range min(len(g), len(w)) {
				if g[i] != w[i] {
					t.Errorf("%s: line %d of the extracted text is\n%q, the golden has\n%q", name, i+1, g[i], w[i])
					break
				}
			}
			if len(g) != len(w) {
				t.Errorf("%s: %d lines extracted, the golden has %d", name, len(g), len(w))
			}
		}
	}
}

// TestQPDF: qpdf --check finds no syntax, cross-reference or stream errors in any example PDF.
func TestQPDF(t *testing.T) {
	need(t, have("qpdf"), "qpdf")
	_, files := built(t)
	for name, f := range files {
		out, err := exec.Command("qpdf", "--check", f[0]).CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("No syntax or stream encoding errors found")) {
			t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
		}
	}
}

// TestPDFA runs ../shared/tools/pdfacheck.py --pdfa 2a --ua on every example PDF: PDF/A-2a and
// PDF/UA-1 in one file (the XMP claiming both, the OutputIntent, fonts and their widths against the
// embedded programs, Unicode maps, no .notdef, the structure tree and parent tree, every run
// tagged or an artifact, headings, table syntax and scopes, qpdf --check, and Apache PDFBox
// Preflight where installed, as CI does).
func TestPDFA(t *testing.T) {
	sh := shared(t)
	need(t, exec.Command("/usr/bin/python3", "-c", "import pikepdf").Run() == nil, "python3-pikepdf (for pdfacheck.py)")
	_, files := built(t)
	for name, f := range files {
		out, err := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "pdfacheck.py"), f[0], "--pdfa", "2a", "--ua").CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("77 checks, 0 failed")) {
			t.Errorf("%s: pdfacheck --pdfa 2a --ua: %v\n%s", name, err, out)
		}
		if os.Getenv("CI") == "true" && !bytes.Contains(out, []byte("Preflight 2.0")) {
			t.Errorf("%s: PDFBox Preflight did not run in CI:\n%s", name, out)
		}
	}
}

// TestStructure reads the seed PDF's structure tree back with poppler (pdfinfo -struct-text) and
// checks its shape: the title as the one H1, first; the six sections as H2 in order; paragraphs
// as P; the three tables, 三 and 四 with a THead whose header cells are read once although the
// header is drawn again on each continuation page.
func TestStructure(t *testing.T) {
	need(t, have("pdfinfo"), "poppler-utils")
	_, files := built(t)
	out, err := exec.Command("pdfinfo", "-struct-text", files["yipingyuan-2022"][0]).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(out), "\n")
	if lines[0] != "Document" || strings.TrimSpace(lines[1]) != "H1 (block)" || !strings.Contains(lines[2], "一平垣乡2022年政府信息公开工作年度报告") {
		t.Errorf("the tree does not start with Document → H1 (the title):\n%s", strings.Join(lines[:min(5, len(lines))], "\n"))
	}
	var h1, h2 []string
	count := map[string]int{}
	for i, l := range lines {
		tag := strings.Fields(l)
		if len(tag) == 0 || strings.HasPrefix(tag[0], `"`) {
			continue
		}
		count[tag[0]]++
		if i+1 < len(lines) && (tag[0] == "H1" || tag[0] == "H2") {
			text := strings.Trim(strings.TrimSpace(lines[i+1]), `"`)
			if tag[0] == "H1" {
				h1 = append(h1, text)
			} else {
				h2 = append(h2, text)
			}
		}
	}
	sections := model.FormatByID("2021").Sections
	if len(h1) != 1 || !slices.Equal(h2, sections[:]) {
		t.Errorf("H1 %q, H2 %q; want the title, then the six sections %q", h1, h2, sections)
	}
	if count["Table"] != 3 || count["THead"] != 2 || count["TBody"] != 3 || count["P"] < 10 {
		t.Errorf("element counts %v: want 3 Tables (2 with THead), 3 TBody, the paragraphs as P", count)
	}
	// table 三's header: ten cells, however many pages the table spans
	th := 0
	for _, l := range strings.Split(string(out), "THead")[1:2] {
		th = strings.Count(strings.Split(l, "TBody")[0], "TH")
	}
	if th != 10 {
		t.Errorf("table 三's THead holds %d header cells, want 10", th)
	}
}

// TestDeterministic: the same input gives byte-identical PDF and DOCX.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	r, err := datafile.Load("qingshi-2023/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	check.Check(r)
	var sums [2][2][]byte
	for i := range 2 {
		base := filepath.Join(dir, fmt.Sprint(i))
		if _, err := pipeline.Write(r, nil, base, opts); err != nil {
			t.Fatal(err)
		}
		sums[i][0], _ = os.ReadFile(base + ".pdf")
		sums[i][1], _ = os.ReadFile(base + ".docx")
	}
	if !bytes.Equal(sums[0][0], sums[1][0]) || !bytes.Equal(sums[0][1], sums[1][1]) {
		t.Error("two builds of the same report differ")
	}
}

// TestExtensionB: a 生僻字 beyond the BMP (𠮷 U+20BB7, GB 18030-2022) prints in PDF and OFD when
// the machine has an extension font (Debian's fonts-hanazono, installed by CI): it is drawn from
// HanaMinB, found as a last fallback, extracted as the character itself, and both files still
// pass their checks (PDF/A-2u included). Without such a font, TestNoPartialOutput holds.
func TestExtensionB(t *testing.T) {
	sh := shared(t)
	const dir = "/usr/share/fonts/truetype/hanazono"
	_, err := os.Stat(filepath.Join(dir, "HanaMinB.ttf"))
	need(t, err == nil && have("pdftotext") && have("pdffonts"), "fonts-hanazono and poppler-utils")
	set, err := fonts.Resolve(fonts.Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	src, _ := os.ReadFile("qingshi-2023/report.toml")
	os.WriteFile(filepath.Join(tmp, "r.toml"), []byte(strings.Replace(string(src), "2023年，我镇政府信息公开工作", "2023年，𠮷镇政府信息公开工作", 1)), 0o644)
	overview, _ := os.ReadFile("qingshi-2023/overview.txt")
	os.WriteFile(filepath.Join(tmp, "overview.txt"), overview, 0o644)
	r, err := datafile.Load(filepath.Join(tmp, "r.toml"))
	if err != nil {
		t.Fatal(err)
	}
	check.Check(r)
	o := opts
	o.Fonts = set
	base := filepath.Join(tmp, "out")
	if _, err := pipeline.Write(r, nil, base, o); err != nil {
		t.Fatal(err)
	}
	text, _ := exec.Command("pdftotext", "-raw", base+".pdf", "-").Output()
	if !strings.Contains(string(text), "2023年，𠮷镇政府信息公开工作") {
		t.Error("the PDF's text lacks 𠮷")
	}
	if f, _ := exec.Command("pdffonts", base+".pdf").Output(); !regexp.MustCompile(`[A-Z]{6}\+HanaMinB +CID TrueType +Identity-H +yes +yes +yes`).Match(f) {
		t.Errorf("HanaMinB is not embedded as a subset with a Unicode map:\n%s", f)
	}
	if out, err := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "pdfacheck.py"), base+".pdf", "--pdfa", "2u").CombinedOutput(); err != nil {
		t.Errorf("pdfacheck: %v\n%s", err, out)
	}
	if out, err := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "ofdcheck.py"), base+".ofd").CombinedOutput(); err != nil {
		t.Errorf("ofdcheck: %v\n%s", err, out)
	}
	if out, _ := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "ofdcheck.py"), base+".ofd", "--text").Output(); !strings.Contains(string(out), "𠮷镇") {
		t.Error("the OFD's text lacks 𠮷")
	}
}

// TestNoPartialOutput: a report that cannot be typeset (a character no font has) writes nothing
// and leaves an earlier good file in place.
func TestNoPartialOutput(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile("qingshi-2023/report.toml")
	bad := strings.Replace(string(src), "2023年，我镇政府信息公开工作", "2023年，𠮷镇政府信息公开工作", 1)
	os.WriteFile(filepath.Join(dir, "r.toml"), []byte(bad), 0o644)
	overview, _ := os.ReadFile("qingshi-2023/overview.txt")
	os.WriteFile(filepath.Join(dir, "overview.txt"), overview, 0o644)
	good := []byte("an earlier good file")
	r, err := datafile.Load(filepath.Join(dir, "r.toml"))
	if err != nil {
		t.Fatal(err)
	}
	check.Check(r)
	base := filepath.Join(dir, pipeline.Name(r))
	os.WriteFile(base+".pdf", good, 0o644)
	_, err = pipeline.Write(r, nil, base, opts)
	if err == nil || !strings.Contains(err.Error(), "U+20BB7") || !strings.Contains(err.Error(), "五、存在的主要问题及改进情况") {
		t.Fatalf("want the missing-character error naming U+20BB7 and the section, got %v", err)
	}
	if b, _ := os.ReadFile(base + ".pdf"); !bytes.Equal(b, good) {
		t.Error("the earlier PDF was replaced")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 3 {
		t.Errorf("files left in the output folder: %v", ents)
	}
}

// TestDOCXCheck runs ../shared/tools/docxcheck.py: page setup, odd/even footers, East Asian
// fonts, the three tables 14×4, 28×10, 4×15 with every merge, every label.
func TestDOCXCheck(t *testing.T) {
	sh := shared(t)
	err := exec.Command("/usr/bin/python3", "-c", "import docx").Run()
	need(t, err == nil, "python3-docx")
	_, files := built(t)
	for name, f := range files {
		if formatOf(t, name) != "2021" {
			// docxcheck knows the 2021 tables only; the 2019 shapes are checked in ./docx
			t.Logf("%s: %s format, docxcheck skipped", name, formatOf(t, name))
			continue
		}
		out, err := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "docxcheck.py"), f[1],
			"--labels", filepath.Join(sh, "reference", "labels-2021.txt")).CombinedOutput()
		if err != nil {
			t.Errorf("%s: docxcheck failed: %v\n%s", name, err, out)
		}
	}
}

// TestDOCXValidate runs the Open XML SDK schema validator (npm @ooxml-tools/validate, through
// ../shared/tools/validate-docx.mjs, which exits 1 on any error) on every example DOCX.
func TestDOCXValidate(t *testing.T) {
	sh := shared(t)
	nodeDir := os.Getenv("NIANBAO_NODE_DIR") // a folder whose node_modules has @ooxml-tools/validate
	_, err := os.Stat(filepath.Join(nodeDir, "node_modules", "@ooxml-tools", "validate"))
	need(t, nodeDir != "" && err == nil && have("node"), "the OOXML validator (NIANBAO_NODE_DIR)")
	script := filepath.Join(nodeDir, "validate-docx.mjs")
	src, _ := os.ReadFile(filepath.Join(sh, "tools", "validate-docx.mjs"))
	if err := os.WriteFile(script, src, 0o644); err != nil {
		t.Fatal(err)
	}
	_, files := built(t)
	args := []string{script}
	for _, f := range files {
		args = append(args, f[1])
	}
	out, err := exec.Command("node", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("validator: %v\n%s", err, out)
	}
	if strings.Count(string(out), ": 0 errors") != len(files) {
		t.Errorf("validator output:\n%s", out)
	}
}

// TestLibreOffice converts every example DOCX to PDF with LibreOffice (one soffice call) and
// checks that the render exists and keeps the grid: full body lines of 28 characters, at most 22
// body lines a page (pdfcheck's figures on the converted PDF).
func TestLibreOffice(t *testing.T) {
	sh := shared(t)
	need(t, have("soffice") && have("pdftotext"), "LibreOffice (libreoffice-writer) and poppler-utils")
	dir, files := built(t)
	outDir := filepath.Join(dir, "lo")
	profile := "file://" + filepath.Join(dir, "lo-profile")
	args := []string{"-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf", "--outdir", outDir}
	for _, f := range files {
		args = append(args, f[1])
	}
	cmd := exec.Command("soffice", args...)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+officialFontsConf(t, dir))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name := range files {
		pdf := filepath.Join(outDir, name+".pdf")
		if st, err := os.Stat(pdf); err != nil || st.Size() == 0 { // soffice exits 0 even when it fails
			t.Errorf("%s: LibreOffice wrote no PDF", name)
			continue
		}
		out, _ := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "pdfcheck.py"), pdf, "--json").Output()
		var res struct {
			Figures  map[string]any `json:"figures"`
			Failures []string       `json:"failures"`
		}
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("%s: pdfcheck --json: %v\n%s", name, err, out)
		}
		full, _ := res.Figures["full CJK lines"].(float64)
		of28, _ := res.Figures["full CJK lines of 28 (26 indented) chars"].(float64)
		most, _ := res.Figures["max body lines on a page"].(float64)
		t.Logf("%s (LibreOffice): %v full lines, %v of 28 characters, at most %v body lines a page, %v pages", name, full, of28, most, res.Figures["pages"])
		// Every full line holds 28 characters, or one less where a prohibition rule pushed a
		// character to the next line: LibreOffice does not squeeze punctuation as our PDF does,
		// so it has more of those than pdfcheck's 80% allows for our own PDF.
		for _, f := range res.Failures {
			if strings.Contains(f, "far from 28") {
				t.Errorf("%s: LibreOffice render: %s", name, f)
			}
		}
		if full >= 5 && of28 < 0.75*full {
			t.Errorf("%s: LibreOffice render: only %v of %v full lines hold 28 characters", name, of28, full)
		}
		if most > 22 {
			t.Errorf("%s: LibreOffice render has %v body lines on a page", name, most)
		}
	}
}

// officialFontsConf writes a fontconfig file that serves the official face names the DOCX asks for
// (仿宋_GB2312, 黑体 …) with the embedded stand-ins — what the PDF uses — so that the LibreOffice
// render measures the document's grid, not whichever fallback font this machine happens to have.
func officialFontsConf(t *testing.T, dir string) string {
	t.Helper()
	fontDir := filepath.Join(dir, "fonts")
	os.MkdirAll(fontDir, 0o755)
	for _, f := range []string{"title", "body", "song", "hei", "kai"} {
		b, err := os.ReadFile(filepath.Join("..", "fonts", "default", f+".ttf"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(fontDir, f+".ttf"), b, 0o644)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>` +
		`<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>` + fontDir + `</dir>` +
		`<cachedir>` + filepath.Join(dir, "fc-cache") + `</cachedir>`)
	for official, standIn := range map[string]string{"仿宋_GB2312": "Nianbao Fangsong", "楷体_GB2312": "Nianbao Kai",
		"黑体": "Nianbao Hei", "方正小标宋简体": "Nianbao Title", "宋体": "Nianbao Song"} {
		b.WriteString(`<match target="pattern"><test name="family"><string>` + official + `</string></test>` +
			`<edit name="family" mode="assign" binding="strong"><string>` + standIn + `</string></edit></match>`)
	}
	b.WriteString(`</fontconfig>`)
	path := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
