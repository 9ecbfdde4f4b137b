package pipeline

import (
	"nianbao/check"
	"nianbao/input"
	"nianbao/model"
	"nianbao/published"
	"nianbao/workbook"
)

// loadPublished reads a published report (PDF, Word, HTML, OFD, text) for check and sum, as a
// workbook is read: the source relocates the findings to page and position (or table cell and
// paragraph) in the published file, and the import's own notes — what was uncertain, what was not
// found — come as warnings of rule S.
func loadPublished(path string) (*model.Report, *workbook.Source, error) {
	res, err := published.Read(path)
	if err != nil {
		return nil, nil, err
	}
	r := res.Report
	r.File = path
	src := &workbook.Source{Name: path, Cells: res.Places}
	for _, n := range res.Notes {
		if n.Severity == published.Found || n.Review {
			continue
		}
		loc := input.Location{File: path}
		if n.Where != "" {
			loc.File = path + "!" + n.Where
		}
		src.Findings = append(src.Findings, check.Finding{Rule: "S", Severity: check.Warning, Location: loc, Msg: n.What})
	}
	return r, src, nil
}
