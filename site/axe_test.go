package site_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"nianbao/datafile"
	"nianbao/html"
	"nianbao/internal/testenv"
	"nianbao/site"
	"nianbao/tree"
)

// browser starts headless Chromium, or skips (fails in CI, where .ci/run installs it) when it
// is missing — or, with needAxe, axe-core (npm, in $NIANBAO_NODE_DIR). It returns the browser's
// context and axe-core's source.
func browser(t *testing.T, needAxe bool) (context.Context, string) {
	t.Helper()
	chrome := ""
	for _, c := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(c); err == nil {
			chrome = p
			break
		}
	}
	axe, err := os.ReadFile(filepath.Join(os.Getenv("NIANBAO_NODE_DIR"), "node_modules", "axe-core", "axe.min.js"))
	testenv.Need(t, chrome != "", "chromium")
	testenv.Need(t, err == nil || !needAxe, "axe-core (npm, in $NIANBAO_NODE_DIR/node_modules, as .ci/run installs it)")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true),
		chromedp.WindowSize(1280, 900), chromedp.Flag("hide-scrollbars", true))...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	// the pages forbid scripts (Content-Security-Policy); the test's own script is let in
	if err := chromedp.Run(bctx, page.SetBypassCSP(true)); err != nil {
		t.Fatal(err)
	}
	return bctx, string(axe)
}

func fileURL(p string) string {
	abs, _ := filepath.Abs(p)
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

type violation struct {
	ID, Impact, Help string
	Nodes            []string
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// audit opens a page at a width and runs axe-core on it (WCAG 2.0/2.1 A and AA and best
// practice): its violations. Without contrast, the color-contrast rule is left out: it takes
// four fifths of axe's time, and pages made from the same style sheet and markup share their
// colours (TestAxe checks it on one page of each kind).
func audit(ctx context.Context, axe, u string, width int64, contrast bool) ([]violation, error) {
	var ok bool
	var res string
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(width, 900),
		chromedp.Navigate(u),
		chromedp.Evaluate(axe+";true", &ok),
		chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"], rules: {"color-contrast": {enabled: `+strconv.FormatBool(contrast)+`}}}).then(r => JSON.stringify(r.violations.map(v => ({ID: v.id, Impact: v.impact, Help: v.help, Nodes: v.nodes.slice(0, 4).map(n => n.target.join(" "))}))))`, &res, awaitPromise),
	)
	if err != nil {
		return nil, err
	}
	var vs []violation
	return vs, json.Unmarshal([]byte(res), &vs)
}

// examplePages writes every consistent example's page, and the fragment of each inside a bare
// host page (as a site's article page holds it), into dir.
func examplePages(t *testing.T, dir string) []string {
	paths, _ := filepath.Glob("../examples/*/report.toml")
	var out []string
	for _, p := range paths {
		if strings.Contains(p, "inconsistent") {
			continue
		}
		r, err := datafile.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		d := tree.Build(r)
		name := filepath.Base(filepath.Dir(p))
		var pg, frag bytes.Buffer
		html.Write(&pg, d, html.Options{})
		html.Write(&frag, d, html.Options{Fragment: true})
		host := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Site article</title></head><body><main>` +
			frag.String() + `</main></body></html>`
		for _, f := range [][2]string{{name + ".html", pg.String()}, {name + ".fragment-host.html", host}} {
			os.WriteFile(filepath.Join(dir, f[0]), []byte(f[1]), 0o644)
			out = append(out, filepath.Join(dir, f[0]))
		}
	}
	return out
}

// TestAxe: axe-core in headless Chromium finds no serious or critical violation on any
// example's page (at desktop and phone width), any fragment (in a host page whose own language
// is English: the fragment carries lang="zh-CN"), and every page of a site made from three years
// of 20 generated units; colour contrast on the first page of each kind.
func TestAxe(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: a browser and some 70 pages")
	}
	ctx, axe := browser(t, true)
	dir := t.TempDir()
	pages := examplePages(t, dir)
	s, err := site.Load(outputs(t, dir, 20, threeYears, false))
	if err != nil {
		t.Fatal(err)
	}
	s.Name = "测试县"
	written, err := s.Write(filepath.Join(dir, "site"))
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, written...)
	// the control: axe finds what it should on a page made to fail
	bad := filepath.Join(dir, "bad.html")
	os.WriteFile(bad, []byte(`<!DOCTYPE html><html><head><title>x</title></head><body><img src="data:,"><table><tr><td headers="nothing">1</td></tr></table></body></html>`), 0o644)
	vs, err := audit(ctx, axe, fileURL(bad), 1280, true)
	if err != nil || !slices.ContainsFunc(vs, func(v violation) bool { return v.ID == "image-alt" && v.Impact == "critical" }) {
		t.Fatalf("axe did not find the missing alt text of the control page: %v %+v", err, vs)
	}
	audited := 0
	contrasted := map[string]bool{} // kinds of page whose colours were checked
	for _, p := range pages {
		widths := []int64{1280}
		if !strings.Contains(p, "unit-") {
			widths = append(widths, 375)
		}
		kind := filepath.Base(p)
		switch {
		case strings.HasPrefix(kind, "unit-"):
			kind = "unit"
		case strings.Contains(kind, "fragment"):
			kind = "fragment"
		case strings.HasSuffix(filepath.Dir(p), "site"):
		default:
			kind = "report"
		}
		contrast := !contrasted[kind]
		contrasted[kind] = true
		for _, w := range widths {
			vs, err := audit(ctx, axe, fileURL(p), w, contrast)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			audited++
			for _, v := range vs {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s at %d px: %s %s (%s): %v", filepath.Base(p), w, v.Impact, v.ID, v.Help, v.Nodes)
				} else {
					t.Logf("%s at %d px: %s %s (%s): %v", filepath.Base(p), w, v.Impact, v.ID, v.Help, v.Nodes)
				}
			}
		}
	}
	if audited < len(written)+8 {
		t.Fatalf("only %d audits", audited)
	}
	if len(contrasted) != 5 {
		t.Errorf("colours checked on %d kinds of page, want 5 (report, fragment, index, district, unit)", len(contrasted))
	}
	t.Logf("%d audits of %d pages", audited, len(pages))
}

// TestScreenshots writes screenshots of one example and the district page, at desktop width,
// phone width (375 px) and 200 % zoom (a 640 px viewport drawn at twice the scale), into
// $NIANBAO_SHOTS, to be looked at; it also checks, at each, that the page itself never scrolls
// sideways (the tables scroll in their own boxes: WCAG 1.4.10).
func TestScreenshots(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	ctx, _ := browser(t, false)
	dir := t.TempDir()
	pages := examplePages(t, dir)
	s, err := site.Load(outputs(t, dir, 20, threeYears, false))
	if err != nil {
		t.Fatal(err)
	}
	s.Name = "测试县"
	if _, err := s.Write(filepath.Join(dir, "site")); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("NIANBAO_SHOTS")
	i := slices.IndexFunc(pages, func(p string) bool { return strings.HasSuffix(p, "qingshi-2023.html") })
	for _, pg := range []struct{ name, path, scroll string }{
		{"report", pages[i], ""},
		{"report-table3", pages[i], "nb-t3-caption"},
		{"district", filepath.Join(dir, "site", site.District), ""},
		{"district-compare", filepath.Join(dir, "site", site.District), "c5-h"},
	} {
		for _, v := range []struct {
			name  string
			w, h  int64
			scale float64
		}{{"desktop", 1280, 800, 1}, {"phone", 375, 740, 1}, {"zoom200", 640, 400, 2}} {
			var shot []byte
			var sideways bool
			scroll := `window.scrollTo(0, 0)`
			if pg.scroll != "" {
				scroll = `document.getElementById("` + pg.scroll + `").closest("div,section").scrollIntoView()`
			}
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(v.w, v.h, chromedp.EmulateScale(v.scale)),
				chromedp.Navigate(fileURL(pg.path)),
				chromedp.Evaluate(scroll+`; true`, nil),
				chromedp.Evaluate(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &sideways),
				chromedp.CaptureScreenshot(&shot),
			)
			if err != nil {
				t.Fatal(err)
			}
			if sideways {
				t.Errorf("%s at %s: the page scrolls sideways", pg.name, v.name)
			}
			if shots != "" {
				os.WriteFile(filepath.Join(shots, pg.name+"-"+v.name+".png"), shot, 0o644)
			}
		}
	}
}

// TestPrint: Chromium prints every example's page on A4, in the PDF's order: the text poppler
// extracts from the printout holds every heading and paragraph of the report in sequence, and
// each page carries its number "— N —" (the print style sheet's margin boxes).
func TestPrint(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	ctx, _ := browser(t, false)
	testenv.NeedCmd(t, "pdftotext", "pdfinfo")
	dir := t.TempDir()
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, p := range examplePages(t, dir) {
		if strings.Contains(p, "fragment") {
			continue
		}
		var pdf []byte
		err := chromedp.Run(ctx, chromedp.Navigate(fileURL(p)), chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).Do(ctx)
			return err
		}))
		if err != nil {
			t.Fatal(err)
		}
		out := strings.TrimSuffix(p, ".html") + ".print.pdf"
		os.WriteFile(out, pdf, 0o644)
		info, _ := exec.Command("pdfinfo", out).Output()
		if !regexp.MustCompile(`Page size:\s+59[45]\.\d* x 84[12]\.\d* pts`).Match(info) {
			t.Errorf("%s: not A4:\n%s", filepath.Base(p), info)
		}
		txt, err := exec.Command("pdftotext", "-raw", out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pages := strings.Count(string(txt), "\f")
		numbers := regexp.MustCompile(`(?m)^\f?— ?(\d+) ?—$`) // poppler drops the spaces
		var got []string
		for _, m := range numbers.FindAllStringSubmatch(string(txt), -1) {
			got = append(got, m[1])
		}
		var want []string
		for n := 1; n <= pages; n++ {
			want = append(want, strconv.Itoa(n))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: page numbers %v on %d pages", filepath.Base(p), got, pages)
		}
		src, _ := os.ReadFile(p)
		printed := squeeze(numbers.ReplaceAllString(string(txt), ""))
		at := 0
		blocks := regexp.MustCompile(`(?s)<(h[1-6]|p)[ >].*?</(h[1-6]|p)>`).FindAllString(string(src), -1)
		for _, b := range blocks {
			s := squeeze(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(b, ""))
			s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
			i := strings.Index(printed[at:], s)
			if i < 0 {
				t.Errorf("%s: %q is not in the printout after offset %d", filepath.Base(p), s, at)
				break
			}
			at += i + len(s)
		}
		t.Logf("%s: %d pages, %d blocks in order", filepath.Base(p), pages, len(blocks))
	}
}
