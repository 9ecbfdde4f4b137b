package pipeline

import (
	"nianbao/input"
	"nianbao/model"
	"nianbao/published"
)

// loadPublished reads a published report (PDF, Word, HTML, OFD, text) for check and sum: every
// key and paragraph located by page and position (or table cell and paragraph) in the published
// file, and the import's own notes — what was uncertain, what was not found — as warnings of
// rule S.
func loadPublished(path string) (*model.Report, error) {
	res, err := published.Read(path)
	if err != nil {
		return nil, err
	}
	r := res.Report
	r.File = path
	for k, l := range r.Locs {
		r.Locs[k] = input.Location{File: path, Place: l.Place}
	}
	for _, ps := range r.Text {
		for i := range ps {
			ps[i].At = input.Location{File: path, Place: ps[i].At.Place}
		}
	}
	for _, n := range res.Notes {
		if n.Severity == published.Found || n.Review {
			continue
		}
		r.Notes = append(r.Notes, model.Note{Rule: "S", At: input.Location{File: path, Place: n.Where}, Msg: n.What})
	}
	return r, nil
}
