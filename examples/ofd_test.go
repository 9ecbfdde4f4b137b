package examples

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"nianbao/internal/imgdiff"
)

// TestOFDCheck runs ../shared/tools/ofdcheck.py on every example OFD: well-formed parts valid
// against the GB/T 33190 schemas, references and IDs resolved, every font embedded with a cmap
// covering its text, DeltaX counts, and every glyph's ink inside its object's Boundary.
func TestOFDCheck(t *testing.T) {
	sh := shared(t)
	need(t, exec.Command("/usr/bin/python3", "-c", "import lxml, fontTools").Run() == nil,
		"python3-lxml and python3-fonttools (for ofdcheck.py)")
	_, files := built(t)
	for name, f := range files {
		out, err := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "ofdcheck.py"), f[2], "--json").Output()
		var res struct {
			Checks   int      `json:"checks"`
			Failures []string `json:"failures"`
		}
		if jerr := json.Unmarshal(out, &res); jerr != nil {
			t.Fatalf("%s: ofdcheck --json: %v %v\n%s", name, err, jerr, out)
		}
		t.Logf("%s: %d checks, %d failed", name, res.Checks, len(res.Failures))
		if err != nil || len(res.Failures) > 0 || res.Checks < 1000 {
			t.Errorf("%s: ofdcheck: %v\n%s", name, err, strings.Join(res.Failures, "\n"))
		}
	}
}

// TestOFDText: the OFD holds the PDF's text. ofdcheck --text reads the OFD's lines, pdftotext
// -layout the PDF's, each joining the runs on one baseline. On every page the two hold the same
// characters the same number of times (nothing lost, nothing added), and nearly all lines are
// identical once spaces are dropped: the two tools differ only in where they split a table cell
// that wraps to a second line beside a cell of one line (measured: at most 3 lines a page).
func TestOFDText(t *testing.T) {
	sh := shared(t)
	need(t, have("pdftotext") && exec.Command("/usr/bin/python3", "-c", "import lxml, fontTools").Run() == nil,
		"poppler-utils, python3-lxml and python3-fonttools")
	_, files := built(t)
	for name, f := range files {
		o, err := exec.Command("/usr/bin/python3", filepath.Join(sh, "tools", "ofdcheck.py"), f[2], "--text").Output()
		if err != nil {
			t.Fatalf("%s: ofdcheck --text: %v", name, err)
		}
		p, err := exec.Command("pdftotext", "-layout", f[0], "-").Output()
		if err != nil {
			t.Fatalf("%s: pdftotext: %v", name, err)
		}
		op, pp := pagesOfLines(string(o)), pagesOfLines(string(p))
		if len(op) != len(pp) {
			t.Fatalf("%s: OFD has %d pages, PDF %d", name, len(op), len(pp))
		}
		moved := 0
		for i := range op {
			if a, b := runeCount(op[i]), runeCount(pp[i]); a != b {
				t.Errorf("%s page %d: the OFD's characters differ from the PDF's:\nOFD: %s\nPDF: %s", name, i+1,
					strings.Join(op[i], "\n"), strings.Join(pp[i], "\n"))
			}
			n := unmatched(op[i], pp[i])
			moved += n
			if n > 6 {
				t.Errorf("%s page %d: %d of %d lines differ between OFD and PDF", name, i+1, n, len(op[i]))
			}
		}
		t.Logf("%s: %d pages, same characters on each; %d lines split differently", name, len(op), moved)
	}
}

// pagesOfLines splits extracted text into pages (form feeds) of non-blank lines without spaces.
func pagesOfLines(s string) [][]string {
	pages := strings.Split(strings.TrimRight(s, "\f\n"), "\f")
	out := make([][]string, len(pages))
	for i, pg := range pages {
		for _, l := range strings.Split(pg, "\n") {
			if l = strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, l); l != "" {
				out[i] = append(out[i], l)
			}
		}
	}
	return out
}

func runeCount(lines []string) string {
	n := map[rune]int{}
	for _, l := range lines {
		for _, r := range l {
			n[r]++
		}
	}
	return fmt.Sprint(n) // fmt prints maps sorted by key
}

// unmatched counts the lines of a that b lacks (as multisets).
func unmatched(a, b []string) int {
	have := map[string]int{}
	for _, l := range b {
		have[l]++
	}
	n := 0
	for _, l := range a {
		if have[l] > 0 {
			have[l]--
		} else {
			n++
		}
	}
	return n
}

// TestOFDRender renders every example OFD with an independent reader (../shared/tools/ofd-render:
// ofd.js under jsdom, rasterised by rsvg-convert with the OFD's own embedded subsets) and holds
// each page against poppler's rendering of the PDF at the same resolution. Both draw the same
// glyphs at the same places, so they differ only by the two rasterisers' anti-aliasing; a glyph
// or rule that is missing, misplaced by a stroke or drawn in the wrong face shows up in the
// 4×4-block difference. Tolerance: at most 2 % of blocks, RMSE at most 6 % (the same bound as
// the SVG preview against the PDF; measured on the examples: see the log).
func TestOFDRender(t *testing.T) {
	nodeDir := os.Getenv("NIANBAO_NODE_DIR")
	render := filepath.Join(nodeDir, "ofd-render", "render.cjs")
	_, err := os.Stat(filepath.Join(nodeDir, "ofd-render", "node_modules", "ofd.js"))
	need(t, nodeDir != "" && err == nil && have("node") && have("rsvg-convert") && have("pdftoppm"),
		"ofd-render (NIANBAO_NODE_DIR/ofd-render with npm ci, as .ci/run sets up), node, librsvg2-bin and poppler-utils")
	dir, files := built(t)
	for name, f := range files {
		compareOFDRender(t, name, render, f[2], f[0], filepath.Join(dir, "ofd-render-"+name))
	}
}

// compareOFDRender renders an OFD with ofd-render and its PDF with poppler at 100 dpi into out
// and holds every page pair to the 4×4-block tolerance (at most 2 % of blocks off by more than
// 15 %, RMSE at most 6 %).
func compareOFDRender(t *testing.T, name, render, ofdPath, pdfPath, out string) {
	t.Helper()
	if o, err := exec.Command("node", render, ofdPath, out, "--dpi", "100").CombinedOutput(); err != nil {
		t.Fatalf("%s: ofd-render: %v\n%s", name, err, o)
	}
	if o, err := exec.Command("pdftoppm", "-r", "100", "-png", pdfPath, filepath.Join(out, "pdf")).CombinedOutput(); err != nil {
		t.Fatalf("%s: pdftoppm: %v\n%s", name, err, o)
	}
	pdfPages, _ := filepath.Glob(filepath.Join(out, "pdf-*.png"))
	worst, worstRMSE := 0.0, 0.0
	for i := 1; i <= len(pdfPages); i++ {
		a, err := os.ReadFile(filepath.Join(out, fmt.Sprintf("page-%d.png", i)))
		if err != nil {
			t.Errorf("%s: ofd-render wrote no page %d", name, i)
			continue
		}
		b, err := os.ReadFile(pdfPages[i-1])
		if err != nil {
			t.Fatal(err)
		}
		frac, rmse, err := imgdiff.Blocks(a, b)
		if err != nil {
			t.Fatalf("%s page %d: %v", name, i, err)
		}
		worst, worstRMSE = max(worst, frac), max(worstRMSE, rmse)
		if frac > 0.02 || rmse > 0.06 {
			t.Errorf("%s page %d: the OFD renders unlike the PDF: %.2f%% of blocks differ, RMSE %.2f%%", name, i, 100*frac, 100*rmse)
		}
	}
	if extra, _ := filepath.Glob(filepath.Join(out, fmt.Sprintf("page-%d.png", len(pdfPages)+1))); len(pdfPages) == 0 || len(extra) > 0 {
		t.Errorf("%s: the OFD and PDF page counts differ (PDF %d pages)", name, len(pdfPages))
	}
	t.Logf("%s: %d pages; worst page %.2f%% of blocks differ, worst RMSE %.2f%%", name, len(pdfPages), 100*worst, 100*worstRMSE)
}
