package pdftext

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
)

func deflate(s string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// toUnicode maps glyph 1 to 政 (bfchar), 2–4 to 府信息 (a bfrange with an array), 5–6 to 0 and 1
// (a bfrange counting up), 7 to 𠮷 (a surrogate pair).
const toUnicode = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
1 beginbfchar <0001> <653F> endbfchar
2 beginbfrange <0002> <0004> [<5E9C> <4FE1> <606F>] <0005> <0006> <0030> endbfrange
1 beginbfchar <0007> <D842DFB7> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end`

// minimal writes a PDF from object bodies (1-based), with a classic xref table or, with stream
// true, the objects 3… packed in an object stream and a cross-reference stream; extra is appended
// as an incremental update replacing object 4 (the content).
func minimal(objs []string, xrefStream bool, update string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs)+1)
	if !xrefStream {
		for i, o := range objs {
			offs[i+1] = b.Len()
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
		}
		x := b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
		for _, o := range offs[1:] {
			fmt.Fprintf(&b, "%010d 00000 n \n", o)
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	} else {
		// objects that are dictionaries without streams go into object stream n+1
		n := len(objs)
		var head, body strings.Builder
		packed := map[int]int{}
		k := 0
		for i, o := range objs {
			if strings.Contains(o, "stream") {
				offs[i+1] = b.Len()
				fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
				continue
			}
			fmt.Fprintf(&head, "%d %d ", i+1, body.Len())
			body.WriteString(o + "\n")
			packed[i+1] = k
			k++
		}
		data := deflate(head.String() + body.String())
		stm := n + 1
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n", stm, k, head.Len(), len(data), data)
		x := b.Len()
		var rows []byte
		rows = append(rows, 0, 0, 0, 0)
		for i := 1; i <= stm+1; i++ {
			switch {
			case i == stm+1:
				rows = append(rows, 1, byte(x>>8), byte(x), 0)
			case i <= n && packed[i] >= 0 && !strings.Contains(objs[i-1], "stream"):
				rows = append(rows, 2, byte(stm>>8), byte(stm), byte(packed[i]))
			default:
				rows = append(rows, 1, byte(offs[i]>>8), byte(offs[i]), 0)
			}
		}
		// PNG Up predictor over rows of 4 bytes
		var pred []byte
		prev := make([]byte, 4)
		for r := 0; r < len(rows); r += 4 {
			pred = append(pred, 2)
			for c := 0; c < 4; c++ {
				pred = append(pred, rows[r+c]-prev[c])
			}
			copy(prev, rows[r:r+4])
		}
		z := deflate(string(pred))
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", stm+1, stm+2, len(z), z, x)
	}
	if update != "" {
		// an incremental update: a new object 4 and a classic xref section pointing back
		prev := bytes.LastIndex(b.Bytes(), []byte("startxref"))
		var p int
		fmt.Sscan(string(b.Bytes()[prev+9:]), &p)
		o := b.Len()
		fmt.Fprintf(&b, "4 0 obj\n%s\nendobj\n", update)
		x := b.Len()
		fmt.Fprintf(&b, "xref\n4 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", o, len(objs)+1, p, x)
	}
	return b.Bytes()
}

func doc(content string) []string {
	return []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 600 800] >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 8 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", len(deflate(content)), deflate(content)),
		"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 1000 /W [5 [500 500]] >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(toUnicode), toUnicode),
		"<< /Type /Font /Subtype /TrueType /BaseFont /Y /FirstChar 32 /Widths [250] /Encoding << /Differences [48 /zero /one /uni4E00] >> >>",
	}
}

const content = `BT /F1 10 Tf 1 0 0 1 100 700 Tm <0001000200030004> Tj ET
BT /F1 10 Tf 2 Tc 100 680 Td [<0005> -2000 <0006>] TJ 0 -20 TD <0007> Tj T* (x) Tj ET
BT /F2 12 Tf 0 Tc 300 700 Td (012) Tj (0) ' ET
q 1 0 0 1 50 -100 cm BT /F1 10 Tf 100 700 Td <0001> Tj ET Q`

func check(t *testing.T, pages []Page) {
	t.Helper()
	if len(pages) != 1 {
		t.Fatalf("%d pages", len(pages))
	}
	var got []string
	for _, r := range pages[0].Runs {
		got = append(got, fmt.Sprintf("%.1f,%.1f-%.1f %s", r.X, r.Y, r.X2, r.Text))
	}
	joined := strings.Join(got, "\n")
	for _, w := range []string{
		"100.0,100.0-140.0 政府信息", // 4 glyphs of 1000/1000 em at 10 pt
		"100.0,120.0-107.0 0",    // 500/1000 em + 2 Tc
		"127.0,120.0-134.0 1",    // the TJ gap of 2 em (20 pt) parts the runs
		"100.0,140.0-112.0 𠮷",    // TD moved down 20 (and set the leading), the surrogate pair read
		"100.0,160.0-112.0 �",    // T*: one leading down; a code the font does not map
		"300.0,100.0-300.0 01一",  // Differences: /zero /one /uni4E00 (no widths: 0)
		"150.0,200.0-160.0 政",    // the cm translates; text state (Tc 0 from the third object) lasts
	} {
		if !strings.Contains(joined, w) {
			t.Errorf("no run %q in\n%s", w, joined)
		}
	}
}
func TestClassicXref(t *testing.T) {
	pages, err := Read(minimal(doc(content), false, ""))
	if err != nil {
		t.Fatal(err)
	}
	check(t, pages)
}

func TestXrefStreamAndObjectStream(t *testing.T) {
	pages, err := Read(minimal(doc(content), true, ""))
	if err != nil {
		t.Fatal(err)
	}
	check(t, pages)
}

func TestIncrementalUpdate(t *testing.T) {
	// the update replaces the content: only the new text is read
	upd := "<< /Length 40 >>\nstream\nBT /F1 10 Tf 10 10 Td <0001> Tj ET      \nendstream"
	pages, err := Read(minimal(doc(content), false, upd))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || len(pages[0].Runs) != 1 || pages[0].Runs[0].Text != "政" {
		t.Fatalf("the update not applied: %+v", pages)
	}
}

func TestDamagedXref(t *testing.T) {
	b := minimal(doc(content), false, "")
	i := bytes.Index(b, []byte("xref\n"))
	copy(b[i:], "XXXX") // the table is gone: objects are found by scanning
	pages, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	check(t, pages)
}

func TestCycles(t *testing.T) {
	objs := doc("BT /F1 10 Tf 10 10 Td <0001> Tj ET /X Do")
	objs[1] = "<< /Type /Pages /Kids [3 0 R 2 0 R 3 0 R] /Count 1 >>"
	objs[2] = "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X 9 0 R >> >> >>"
	objs = append(objs, "<< /Subtype /Form /Length 5 /Resources << /XObject << /X 9 0 R >> >> >>\nstream\n/X Do\nendstream")
	pages, err := Read(minimal(objs, false, ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 {
		t.Fatalf("%d pages from a page tree with a cycle", len(pages))
	}
}

func TestNotPDF(t *testing.T) {
	if _, err := Read([]byte("hello")); err != ErrNotPDF {
		t.Errorf("got %v", err)
	}
	if _, err := Read(minimal([]string{"<< /Type /Catalog >>"}, false, "")[:30]); err == nil {
		t.Errorf("a truncated file read without error")
	}
}

// FuzzRead: any bytes read without a panic or a hang, within the limits; the seeds are small
// PDFs of every structure (classic and stream cross-references, object streams, an update) and
// hostile ones (cycles, huge counts, broken streams).
func FuzzRead(f *testing.F) {
	f.Add(minimal(doc(content), false, ""))
	f.Add(minimal(doc(content), true, ""))
	f.Add(minimal(doc(content), false, "<< /Length 20 >>\nstream\nBT (ab) Tj ET\nendstream"))
	for _, s := range []string{
		"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[2 0 R 3 0 R]>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R/Resources<</XObject<</X 5 0 R>>>>>>endobj 4 0 obj<</Length 20>>stream\nBT (ab) Tj ET /X Do\nendstream endobj 5 0 obj<</Subtype/Form/Length 5/Resources<</XObject<</X 5 0 R>>>>>>stream\n/X Do\nendstream endobj\ntrailer<</Root 1 0 R>>",
		"%PDF-1.5\n1 0 obj<</Type/XRef/W[1 2 1]/Size 999999999/Index[0 999999999]/Root 2 0 R/Length 0>>stream\n\nendstream endobj\nstartxref\n9\n%%EOF",
		"%PDF-1.4\n1 0 obj 2 0 R endobj 2 0 obj 1 0 R endobj trailer<</Root 1 0 R/Prev 0>>\nstartxref 0\n%%EOF",
		"%PDF-1.4\n1 0 obj<</Type/ObjStm/N 2/First 8/Length 12>>stream\n1 0 2 3 (((\nendstream endobj\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, _ := Read(data)
		if len(pages) > MaxPages {
			t.Fatalf("%d pages", len(pages))
		}
	})
}
