package ofdtext

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// mini writes a one-page OFD whose content is the given layer XML.
func mini(content string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	add := func(name, s string) {
		w, _ := z.Create(name)
		w.Write([]byte(s))
	}
	add("OFD.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`)
	add("Doc_0/Document.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`)
	add("Doc_0/Pages/Page_0/Content.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2">`+content+`</ofd:Layer></ofd:Content></ofd:Page>`)
	z.Close()
	return b.Bytes()
}

const sample = `<ofd:TextObject ID="3" Boundary="10 20 100 10" Font="1" Size="5"><ofd:TextCode X="1" Y="4" DeltaX="g 3 5">政府信息</ofd:TextCode></ofd:TextObject>` +
	`<ofd:TextObject ID="4" Boundary="10 40 100 10" Font="1" Size="5"><ofd:TextCode X="0" Y="4" DeltaX="2.5 30">1 2</ofd:TextCode></ofd:TextObject>` +
	`<ofd:TextObject ID="5" Boundary="0 0 100 10" Font="1" Size="5" CTM="1 0 0 1 50 60"><ofd:TextCode X="0" Y="4">表</ofd:TextCode></ofd:TextObject>`

func TestRead(t *testing.T) {
	pages, err := Read(mini(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || pages[0].Width < 595 || pages[0].Width > 596 {
		t.Fatalf("pages %+v", pages)
	}
	var got []string
	for _, r := range pages[0].Runs {
		got = append(got, fmt.Sprintf("%.1f,%.1f %s", r.X/mm, r.Y/mm, r.Text))
	}
	all := strings.Join(got, "\n")
	// g 3 5: three advances of 5 mm; the space is dropped and the gap of 30 mm parts the runs;
	// the CTM moves the glyph by (50, 60) mm
	for _, w := range []string{"11.0,24.0 政府信息", "10.0,44.0 1", "42.5,44.0 2", "50.0,64.0 表"} {
		if !strings.Contains(all, w) {
			t.Errorf("no %q in\n%s", w, all)
		}
	}
}

func TestNotOFD(t *testing.T) {
	if _, err := Read([]byte("PK no zip")); err == nil {
		t.Error("not a zip: read")
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("x.xml")
	w.Write([]byte("<a/>"))
	z.Close()
	if _, err := Read(b.Bytes()); err != ErrNotOFD {
		t.Errorf("no OFD.xml: %v", err)
	}
}

// FuzzRead: any bytes, and any content XML in a well-formed package, read without a panic
// or a hang.
func FuzzRead(f *testing.F) {
	f.Add([]byte(sample), false)
	f.Add([]byte(`<ofd:TextObject Boundary="1e308 -1e308 0 0" Size="NaN"><ofd:TextCode X="1" DeltaX="g 999999999 1 g">`+strings.Repeat("字", 100)+`</ofd:TextCode></ofd:TextObject>`), false)
	f.Add(mini(sample), true)
	f.Fuzz(func(t *testing.T, data []byte, whole bool) {
		if !whole {
			data = mini(string(data))
		}
		Read(data)
	})
}
