// Package ofdtext reads the text of an OFD file (GB/T 33190-2016) with its positions, for the
// import of published reports: the OFD counterpart of pdftext, giving the same pages of runs to
// the published package's table and narrative reading.
//
// An OFD is a zip of XML parts: OFD.xml names the document root, Document.xml lists the pages,
// each page's Content.xml holds TextObjects whose TextCode places its characters at X, Y in the
// object's Boundary, each next one DeltaX further (§11.3; "g N d" repeats d N times). Units are
// millimetres, y down; the runs are given in points like a PDF's. The zip is bounded by
// zipcheck; nothing is fetched.
package ofdtext

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"nianbao/internal/zipcheck"
	"nianbao/published/pdftext"
)

const (
	mm       = 72 / 25.4
	maxPages = 5000
	maxRunes = 1 << 20
	maxPart  = 32 << 20
)

// ErrNotOFD: the zip holds no OFD.xml with a document root.
var ErrNotOFD = errors.New("not an OFD file")

type pkg struct {
	files map[string]*zip.File
}

func (p *pkg) read(name string) ([]byte, error) {
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	f, ok := p.files[name]
	if !ok {
		return nil, errors.New("missing part " + name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
	if len(b) > maxPart {
		return nil, zipcheck.ErrTooLarge
	}
	return b, err
}

// Read returns the runs of every page.
func Read(data []byte) ([]pdftext.Page, error) {
	zr, err := zipcheck.Open(data)
	if err != nil {
		return nil, err
	}
	p := &pkg{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		p.files[strings.TrimPrefix(path.Clean("/"+f.Name), "/")] = f
	}
	ofd, err := p.read("OFD.xml")
	if err != nil {
		return nil, ErrNotOFD
	}
	root := firstText(ofd, "DocRoot")
	if root == "" {
		return nil, ErrNotOFD
	}
	docXML, err := p.read(root)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(root)
	// the default page size and the pages, in order
	w, h := 210.0, 297.0
	if box := firstText(docXML, "PhysicalBox"); box != "" {
		if v := floats(box); len(v) == 4 {
			w, h = v[2], v[3]
		}
	}
	var locs []string
	dec := xml.NewDecoder(strings.NewReader(string(docXML)))
	for {
		t, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := t.(xml.StartElement); ok && se.Name.Local == "Page" {
			for _, a := range se.Attr {
				if a.Name.Local == "BaseLoc" {
					locs = append(locs, a.Value)
				}
			}
		}
		if len(locs) > maxPages {
			return nil, zipcheck.ErrTooLarge
		}
	}
	var pages []pdftext.Page
	runes := 0
	for i, loc := range locs {
		full := loc
		if !strings.HasPrefix(loc, "/") {
			full = path.Join(dir, loc)
		}
		b, err := p.read(full)
		if err != nil {
			continue
		}
		pg := pdftext.Page{Number: i + 1, Width: w * mm, Height: h * mm}
		if box := firstText(b, "PhysicalBox"); box != "" {
			if v := floats(box); len(v) == 4 {
				pg.Width, pg.Height = v[2]*mm, v[3]*mm
			}
		}
		if err := page(b, &pg, &runes); err != nil {
			return pages, err
		}
		pages = append(pages, pg)
	}
	return pages, nil
}

// page reads the text objects of one page's content.
func page(b []byte, pg *pdftext.Page, runes *int) error {
	dec := xml.NewDecoder(strings.NewReader(string(b)))
	var bx, by, size float64
	var ctm []float64
	var inCode bool
	var cx, cy float64
	var deltas []float64
	var text strings.Builder
	for {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		switch v := t.(type) {
		case xml.StartElement:
			switch v.Name.Local {
			case "TextObject":
				bx, by, size, ctm = 0, 0, 0, nil
				cx, cy = 0, 0
				for _, a := range v.Attr {
					switch a.Name.Local {
					case "Boundary":
						if f := floats(a.Value); len(f) == 4 {
							bx, by = f[0], f[1]
						}
					case "Size":
						size, _ = strconv.ParseFloat(strings.TrimSpace(a.Value), 64)
					case "CTM":
						if f := floats(a.Value); len(f) == 6 {
							ctm = f
						}
					}
				}
			case "TextCode":
				inCode = true
				text.Reset()
				deltas = nil
				for _, a := range v.Attr {
					switch a.Name.Local {
					case "X":
						cx, _ = strconv.ParseFloat(strings.TrimSpace(a.Value), 64)
					case "Y":
						cy, _ = strconv.ParseFloat(strings.TrimSpace(a.Value), 64)
					case "DeltaX":
						deltas = deltaList(a.Value)
					}
				}
			}
		case xml.CharData:
			if inCode && text.Len() < maxPart {
				text.Write(v)
			}
		case xml.EndElement:
			if v.Name.Local != "TextCode" || !inCode {
				continue
			}
			inCode = false
			x := cx
			sz := size
			open := false
			if ctm != nil {
				sz = size * ctm[3]
			}
			for i, r := range []rune(text.String()) {
				if *runes++; *runes > maxRunes {
					return zipcheck.ErrTooLarge
				}
				px, py := x, cy
				if ctm != nil {
					px, py = x*ctm[0]+cy*ctm[2]+ctm[4], x*ctm[1]+cy*ctm[3]+ctm[5]
				}
				// the advance: the distance to the next glyph, or for the last an estimate
				// (full width from U+2000 on: punctuation, CJK; half width before)
				adv := sz
				if r < 0x2000 {
					adv = sz / 2
				}
				if i < len(deltas) && deltas[i] > 0 && deltas[i] < 2*sz {
					adv = deltas[i]
				}
				if r != ' ' && r != '\u3000' && r != '\t' {
					// glyphs of one TextCode stay one run in their order (a punctuation mark
					// compressed to half width may be drawn where its neighbour is), unless a
					// wide gap parts them
					gx, gy := (bx+px)*mm, (by+py)*mm
					if n := len(pg.Runs); n > 0 && open && gy == pg.Runs[n-1].Y && gx-pg.Runs[n-1].X2 < 0.3*sz*mm && gx >= pg.Runs[n-1].X-0.01 {
						pg.Runs[n-1].Text += string(r)
						pg.Runs[n-1].X2 = gx + adv*mm
					} else {
						pg.Runs = append(pg.Runs, pdftext.Run{X: gx, Y: gy, X2: gx + adv*mm, Size: sz * mm, Text: string(r)})
					}
					open = true
				} else {
					open = false
				}
				if i < len(deltas) {
					x += deltas[i]
				} else {
					x += adv
				}
			}
			cx = x
		}
	}
}

// maxDeltas bounds one TextCode's expanded DeltaX ("g 999999999 1" is a few bytes); glyphs
// beyond it advance by their estimated width.
const maxDeltas = 1 << 16

// deltaList expands a DeltaX value: numbers, and "g N d" for N times d.
func deltaList(s string) []float64 {
	f := strings.Fields(s)
	var out []float64
	for i := 0; i < len(f) && len(out) < maxDeltas; i++ {
		if f[i] == "g" && i+2 < len(f) {
			n, _ := strconv.Atoi(f[i+1])
			d, _ := strconv.ParseFloat(f[i+2], 64)
			for k := 0; k < n && len(out) < maxDeltas; k++ {
				out = append(out, d)
			}
			i += 2
			continue
		}
		d, _ := strconv.ParseFloat(f[i], 64)
		out = append(out, d)
	}
	return out
}

func floats(s string) []float64 {
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// firstText returns the text of the first element with that local name.
func firstText(b []byte, local string) string {
	dec := xml.NewDecoder(strings.NewReader(string(b)))
	for {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		if se, ok := t.(xml.StartElement); ok && se.Name.Local == local {
			var s string
			if dec.DecodeElement(&s, &se) == nil {
				return strings.TrimSpace(s)
			}
			return ""
		}
	}
}
