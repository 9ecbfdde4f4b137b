package published

import (
	"nianbao/i18n"
	"nianbao/model"
	"nianbao/published/ofdtext"
	"nianbao/published/pdftext"
)

// FromPages reads a report from positioned pages (a PDF's or an OFD's).
func FromPages(pages []pdftext.Page) *Result {
	res := &Result{}
	unmapped := 0
	for _, p := range pages {
		unmapped += p.Unmapped
	}
	if unmapped > 0 {
		res.note(Uncertain, "", i18n.F("有 %d 个字的字体没有给出对应的文字（缺 ToUnicode），这些字读作 �", "%d glyphs have no text in their font (no ToUnicode): read as �", unmapped))
	}
	ls := linesOf(pages)
	for i := range ls {
		for k := range ls[i].segs {
			ls[i].segs[k].value = isValue(ls[i].segs[k].text)
		}
	}
	build(positionedBlocks(ls), res)
	finish(res)
	return res
}

// ReadPDF reads a published report's PDF.
func ReadPDF(data []byte) (*Result, error) {
	pages, err := pdftext.Read(data)
	if err != nil && len(pages) == 0 {
		return nil, err
	}
	return FromPages(pages), nil
}

// finish marks every cell not read as blank (nothing is invented: a blank is printed "" and
// counted as 0 by the checks, which report it).
func finish(res *Result) {
	for t := range res.Report.Tables {
		tb := &res.Report.Tables[t]
		for i := range tb.Values {
			for c := range tb.Values[i] {
				if !tb.Values[i][c].Set {
					tb.Values[i][c] = model.Value{Blank: true, Set: true}
				}
			}
		}
	}
}

// ReadOFD reads a published report's OFD.
func ReadOFD(data []byte) (*Result, error) {
	pages, err := ofdtext.Read(data)
	if err != nil && len(pages) == 0 {
		return nil, err
	}
	return FromPages(pages), nil
}
