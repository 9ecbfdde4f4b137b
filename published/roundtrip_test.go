package published

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"nianbao/datafile"
	"nianbao/docx"
	"nianbao/fonts"
	nbhtml "nianbao/html"
	"nianbao/internal/gen"
	"nianbao/internal/testenv"
	"nianbao/layout"
	"nianbao/model"
	"nianbao/ofd"
	"nianbao/pdf"
	"nianbao/published/pdftext"
	"nianbao/theme"
	"nianbao/tree"
)

var testFonts = func() *fonts.Set {
	set, err := fonts.Resolve(fonts.Options{NoSystem: true})
	if err != nil {
		panic(err)
	}
	return set
}()

func examples(t testing.TB) []string {
	ps, err := filepath.Glob("../examples/*/report.toml")
	if err != nil || len(ps) < 4 {
		t.Fatalf("examples: %v %d", err, len(ps))
	}
	return ps
}

func load(t testing.TB, p string) *model.Report {
	r, err := datafile.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return model.Completed(r)
}

func buildPDF(t testing.TB, r *model.Report) []byte {
	d := tree.Build(r)
	laid, err := layout.Layout(d, theme.New(), testFonts)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := pdf.Write(&b, laid); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// differences lists what differs between the source report and the one read back: every
// table cell as printed, the narrative paragraph by paragraph, and the organ's keys (the short
// name is not printed in a report, so it is not compared).
func differences(src, got *model.Report) (diffs []string, cells int) {
	add := func(f string, a ...any) { diffs = append(diffs, fmt.Sprintf(f, a...)) }
	if src.Format.ID != got.Format.ID {
		add("format %s, read %s", src.Format.ID, got.Format.ID)
		return diffs, 0
	}
	if src.Year != got.Year || src.Organ != got.Organ || src.Date != got.Date {
		add("organ/year/date %q %d %v, read %q %d %v", src.Organ, src.Year, src.Date, got.Organ, got.Year, got.Date)
	}
	if src.Kind != got.Kind {
		add("kind %q, read %q", src.Kind, got.Kind)
	}
	sig := func(r *model.Report) string {
		if r.Signature == "" {
			return r.Organ
		}
		return r.Signature
	}
	if sig(src) != sig(got) {
		add("signature %q, read %q", sig(src), sig(got))
	}
	title := func(r *model.Report) string {
		if r.Title == "" {
			return r.DefaultTitle()
		}
		return r.Title
	}
	if title(src) != title(got) {
		add("title %q, read %q", title(src), title(got))
	}
	for t := range src.Tables {
		st, gt := src.Tables[t], got.Tables[t]
		for i, rd := range st.Def.Data {
			for c, k := range rd.Kinds {
				cells++
				a, b := st.Values[i][c], gt.Values[i][c]
				if a.Print(k) != b.Print(k) || a.NA != b.NA || a.Blank != b.Blank {
					add("table %s %s[%d]: %q, read %q", st.Def.ID, rd.Key, c, a.Print(k), b.Print(k))
				}
			}
		}
	}
	for _, tk := range model.TextKeys() {
		a, b := src.Text[tk.Key], got.Text[tk.Key]
		if len(a) != len(b) {
			add("%s: %d paragraphs, read %d", tk.Key, len(a), len(b))
		}
		for i := range min(len(a), len(b)) {
			if a[i].Level != b[i].Level || a[i].Lead != b[i].Lead || a[i].Text != b[i].Text {
				add("%s ¶%d: %q %q, read %q %q", tk.Key, i+1, a[i].Lead, a[i].Text, b[i].Lead, b[i].Text)
			}
		}
	}
	return diffs, cells
}

func buildOFD(t testing.TB, r *model.Report) []byte {
	d := tree.Build(r)
	laid, err := layout.Layout(d, theme.New(), testFonts)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := ofd.Write(&b, laid, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func buildDOCX(t testing.TB, r *model.Report) []byte {
	d := tree.Build(r)
	c, err := layout.Compose(d, theme.New(), testFonts)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := docx.Write(&b, d, c, theme.New(), docx.Meta{Meta: d.Meta}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func buildHTML(fragment bool) func(testing.TB, *model.Report) []byte {
	return func(t testing.TB, r *model.Report) []byte {
		var b bytes.Buffer
		if err := nbhtml.Write(&b, tree.Build(r), nbhtml.Options{Fragment: fragment}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
}

// formats are the outputs the round trips cover: how to build one and how to read it back.
var formats = []struct {
	name  string
	build func(testing.TB, *model.Report) []byte
	read  func([]byte) (*Result, error)
}{
	{"PDF", buildPDF, ReadPDF},
	{"OFD", buildOFD, ReadOFD},
	{"DOCX", buildDOCX, ReadDOCX},
	{"HTML", buildHTML(false), ReadHTML},
	{"HTML-fragment", buildHTML(true), ReadHTML},
}

func TestRoundTrip(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) { roundTrip(t, f.build, f.read) })
	}
}

func roundTrip(t *testing.T, build func(testing.TB, *model.Report) []byte, read func([]byte) (*Result, error)) {
	for _, p := range examples(t) {
		src := load(t, p)
		res, err := read(build(t, src))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		diffs, cells := differences(src, res.Report)
		for _, d := range diffs {
			t.Errorf("%s: %s", p, d)
		}
		t.Logf("%s: %d cells, %d differences", p, cells, len(diffs))
	}
}

// generatedCount is how many nbgen reports the round trips cover: 20 in -short, 200 otherwise.
func generatedCount() int {
	if testing.Short() {
		return 20
	}
	return 200
}

func generated(t testing.TB, i int) *model.Report {
	r, err := datafile.Decode(gen.Name(i), []byte(gen.Report(i, 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	return model.Completed(r)
}

func TestRoundTripGenerated(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) { roundTripGenerated(t, f.build, f.read) })
	}
}

func roundTripGenerated(t *testing.T, build func(testing.TB, *model.Report) []byte, read func([]byte) (*Result, error)) {
	total, bad := 0, 0
	for i := range generatedCount() {
		src := generated(t, i)
		res, err := read(build(t, src))
		if err != nil {
			t.Fatal(err)
		}
		diffs, cells := differences(src, res.Report)
		total += cells
		bad += len(diffs)
		for _, d := range diffs {
			t.Errorf("report %d: %s", i, d)
		}
	}
	t.Logf("%d reports, %d cells, %d differences", generatedCount(), total, bad)
}

// TestRunOrder: the content order of runs does not matter — real PDFs store table 四's numbers
// (and others) in another order than the cells; reading the seed's pages with every page's runs
// shuffled gives the same report.
func TestRunOrder(t *testing.T) {
	for _, p := range examples(t) {
		src := load(t, p)
		pages, err := pdftext.Read(buildPDF(t, src))
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range pages {
			rs := pages[i].Runs
			rng.Shuffle(len(rs), func(a, b int) { rs[a], rs[b] = rs[b], rs[a] })
		}
		diffs, _ := differences(src, FromPages(pages).Report)
		for _, d := range diffs {
			t.Errorf("%s, runs shuffled: %s", p, d)
		}
	}
}

// TestEncrypted: a report encrypted with an empty user password (as publishers do to forbid
// copying) reads as the plain one — RC4 40 and 128 bit, AES-128 and AES-256 (qpdf encrypts);
// one that needs a password is refused with ErrEncrypted.
func TestEncrypted(t *testing.T) {
	testenv.NeedCmd(t, "qpdf")
	src := load(t, "../examples/qingshi-2023/report.toml")
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.pdf")
	if err := os.WriteFile(plain, buildPDF(t, src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"rc4-40", []string{"--allow-weak-crypto", "--encrypt", "", "owner", "40", "--"}},
		{"rc4-128", []string{"--allow-weak-crypto", "--encrypt", "", "owner", "128", "--use-aes=n", "--"}},
		{"aes-128", []string{"--encrypt", "", "owner", "128", "--use-aes=y", "--"}},
		{"aes-256", []string{"--encrypt", "", "owner", "256", "--"}},
		{"password", []string{"--encrypt", "secret", "owner", "256", "--"}},
	} {
		out := filepath.Join(dir, c.name+".pdf")
		if b, err := exec.Command("qpdf", append(c.args, plain, out)...).CombinedOutput(); err != nil {
			t.Fatalf("qpdf %s: %v %s", c.name, err, b)
		}
		data, _ := os.ReadFile(out)
		res, err := ReadPDF(data)
		if c.name == "password" {
			if !errors.Is(err, pdftext.ErrEncrypted) {
				t.Errorf("a password-protected PDF: %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		diffs, cells := differences(src, res.Report)
		for _, d := range diffs {
			t.Errorf("%s: %s", c.name, d)
		}
		t.Logf("%s: %d cells, %d differences", c.name, cells, len(diffs))
	}
}

// TestOfficeDoc: a Word 97 .doc (made from our DOCX by LibreOffice) is read through LibreOffice
// back to the source. Slow (LibreOffice starts twice): not in -short.
func TestOfficeDoc(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversions take tens of seconds")
	}
	testenv.NeedCmd(t, "soffice")
	src := load(t, "../examples/yipingyuan-2022/report.toml")
	dir := t.TempDir()
	docx := filepath.Join(dir, "seed.docx")
	if err := os.WriteFile(docx, buildDOCX(t, src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", "doc", "--outdir", dir, docx)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v %s", err, b)
	}
	res, err := Read(filepath.Join(dir, "seed.doc"))
	if err != nil {
		t.Fatal(err)
	}
	diffs, cells := differences(src, res.Report)
	for _, d := range diffs {
		t.Errorf(".doc: %s", d)
	}
	t.Logf(".doc: %d cells, %d differences", cells, len(diffs))
}
