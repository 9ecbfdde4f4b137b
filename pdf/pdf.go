// Package pdf draws laid-out pages with fpdf (codeberg.org/go-pdf/fpdf). It draws only what
// layout positioned: no line breaking, no measuring, no decisions.
//
// Pipeline: layout.Page → pdf.Write → a PDF with every font embedded as a subset with a Unicode
// map (fpdf's Type0/Identity-H embedding), deterministic for the same input.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"nianbao/fonts"
	"nianbao/layout"
)

// Meta is the document information.
type Meta struct {
	Title, Author, Subject, Keywords string
	Lang                             string    // "zh-CN"
	Date                             time.Time // creation and modification date (fixed: determinism)
}

// Write renders pages to w. faces must contain every face the pages use.
func Write(w io.Writer, pages []layout.Page, faces []*fonts.Face, m Meta) (err error) {
	defer func() {
		// fpdf panics on some malformed input instead of returning an error; never crash a batch.
		if r := recover(); r != nil {
			err = fmt.Errorf("PDF writer failed: %v", r)
		}
	}()
	if len(pages) == 0 {
		return fmt.Errorf("no pages")
	}
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: pages[0].Width, Ht: pages[0].Height}})
	f.SetCatalogSort(true)
	f.SetCreationDate(m.Date)
	f.SetModificationDate(m.Date)
	f.SetCompression(true)
	f.SetTitle(m.Title, true)
	f.SetAuthor(m.Author, true)
	f.SetSubject(m.Subject, true)
	f.SetKeywords(m.Keywords, true)
	f.SetCreator("nianbao", true)
	f.SetProducer("nianbao (fpdf)", true)
	if m.Lang != "" {
		f.SetLang(m.Lang)
	}
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)

	// the characters each face draws
	used := map[string]map[rune]bool{}
	for _, p := range pages {
		for _, it := range p.Items {
			if it.Kind == layout.TextItem {
				if used[it.Font] == nil {
					used[it.Font] = map[rune]bool{}
				}
				for _, r := range it.Text {
					used[it.Font][r] = true
				}
			}
		}
	}
	var tags []*fonts.Face
	for _, face := range faces {
		if set, ok := used[face.ID]; ok {
			rs := make([]rune, 0, len(set))
			for r := range set {
				rs = append(rs, r)
			}
			sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
			// fpdf parses whatever it is given in full: give it only the glyphs this document uses
			sub, err := face.Subset(rs)
			if err != nil {
				return fmt.Errorf("font %s: %v", face.Source, err)
			}
			f.AddUTF8FontFromBytes(family(face), "", sub)
			delete(used, face.ID)
			tags = append(tags, face)
		}
	}
	if len(used) > 0 {
		return fmt.Errorf("pages use fonts that were not given: %v", used)
	}
	if f.Err() {
		return f.Error()
	}
	familyOf := map[string]string{}
	for _, face := range tags {
		familyOf[face.ID] = family(face)
	}
	for _, p := range pages {
		f.AddPageFormat("P", fpdf.SizeType{Wd: p.Width, Ht: p.Height})
		spacing := 0.0
		for _, it := range p.Items {
			switch it.Kind {
			case layout.TextItem:
				f.SetFont(familyOf[it.Font], "", it.Size)
				if it.Spacing != spacing {
					// Tc: character spacing, added after every glyph (PDF 32000 §9.3.2). It is how the
					// grid's tracking and the justification reach the page.
					f.RawWriteStr(fmt.Sprintf("%.4f Tc", it.Spacing))
					spacing = it.Spacing
				}
				if it.Bold {
					// synthetic bold: fill and stroke the outlines, inside q/Q so the stroke width
					// does not leak into fpdf's own graphics state
					f.RawWriteStr(fmt.Sprintf("q 2 Tr %.3f w", it.Width))
					f.Text(it.X, it.Y, it.Text)
					f.RawWriteStr("Q")
				} else {
					f.Text(it.X, it.Y, it.Text)
				}
			case layout.RuleItem:
				f.SetLineWidth(it.Width)
				f.Line(it.X, it.Y, it.X2, it.Y2)
			}
		}
		if spacing != 0 {
			f.RawWriteStr("0 Tc")
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return err
	}
	_, err = w.Write(tagSubsets(buf.Bytes(), tags))
	return err
}

// family is the name a face is registered under in fpdf. fpdf names an embedded font "utf8" +
// its lower-cased family, and gives no subset tag; the "aa+" makes that name exactly as long as
// a tagged one, so tagSubsets can put the tag in without moving a byte.
func family(f *fonts.Face) string { return "aa+" + strings.ToLower(f.ID) }

// tagSubsets gives every embedded font the subset tag PDF 32000-1 §9.6.4 requires (six capital
// letters and "+", different for each subset): fpdf subsets the fonts but names them "utf8…",
// so pdffonts and preflight tools do not see them as subsets. The replacement has the same length,
// so the cross-reference offsets stay valid.
func tagSubsets(pdf []byte, faces []*fonts.Face) []byte {
	for i, face := range faces {
		old := "utf8" + family(face)
		tag := []byte("NBAAAA")
		for k, n := 5, i; k >= 2; k, n = k-1, n/26 {
			tag[k] = byte('A' + n%26)
		}
		repl := string(tag) + old[6:]
		for _, key := range []string{"/BaseFont /", "/FontName /"} {
			pdf = bytes.ReplaceAll(pdf, []byte(key+old+"\n"), []byte(key+repl+"\n"))
			pdf = bytes.ReplaceAll(pdf, []byte(key+old+" "), []byte(key+repl+" "))
		}
	}
	return pdf
}
