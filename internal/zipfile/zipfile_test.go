package zipfile

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
	"time"
)

// TestWrite: entries come back intact and in order, dense or not; the same input gives the same
// bytes (also after the pooled writers served another package); dates before 1980 are clamped.
func TestWrite(t *testing.T) {
	entries := []Entry{{Name: "a.xml", Data: bytes.Repeat([]byte("<a>文</a>"), 500)},
		{Name: "f.ttf", Data: []byte{0, 1, 0, 0, 9, 8, 7}, Dense: true}, {Name: "empty", Data: nil}}
	date := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	var a, b, other bytes.Buffer
	if err := Write(&a, entries, date); err != nil {
		t.Fatal(err)
	}
	Write(&other, []Entry{{Name: "x", Data: []byte("something else")}}, time.Now())
	Write(&b, entries, date)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("not deterministic")
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(entries) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(entries))
	}
	for i, f := range zr.File {
		r, _ := f.Open()
		got, _ := io.ReadAll(r)
		if f.Name != entries[i].Name || !bytes.Equal(got, entries[i].Data) {
			t.Errorf("entry %d: %q (%d bytes), want %q (%d bytes)", i, f.Name, len(got), entries[i].Name, len(entries[i].Data))
		}
		if f.Modified.Year() != 1980 {
			t.Errorf("%s dated %v", f.Name, f.Modified)
		}
	}
	if zr.File[0].CompressedSize64 > 200 {
		t.Errorf("text not deflated: %d bytes", zr.File[0].CompressedSize64)
	}
}
