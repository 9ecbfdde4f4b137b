package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/i18n"
	"nianbao/input"
	"nianbao/model"
)

// PrevIn finds last year's report of r's organ in a folder (check --prev 去年/): among the
// folder's data files, workbooks and sidecars (.toml, .xlsx, .json), the one of the same organ
// (full name, else short name) and the year before. Several files of that unit — its data file
// and the sidecar build wrote — are one report: a data file is preferred to a workbook, a
// workbook to a sidecar, and a file with the same name as r's among equals. Only when no file
// is of that organ does a file of the same name and year stand in (an organ renamed). The folder
// is read once per process and again only for files that changed. A folder with no such report
// is a warning: R8 is not checked.
func PrevIn(dir string, r *model.Report) (string, *check.Finding) {
	entries := prevIndex.scan(dir)
	want := r.Year - 1
	var byOrgan, byShort, byName []string
	for _, e := range entries {
		if e.year != want {
			continue
		}
		switch {
		case e.organ == strings.TrimSpace(r.Organ):
			byOrgan = append(byOrgan, e.path)
		case e.short != "" && e.short == strings.TrimSpace(r.Short):
			byShort = append(byShort, e.path)
		}
		if strings.EqualFold(filepath.Base(e.path), filepath.Base(r.File)) {
			byName = append(byName, e.path)
		}
	}
	for _, found := range [][]string{byOrgan, byShort, byName} {
		if len(found) > 0 {
			slices.SortFunc(found, func(a, b string) int { return prevRank(a, r.File) - prevRank(b, r.File) })
			return found[0], nil
		}
	}
	return "", &check.Finding{Rule: "R8", Severity: check.Warning, Location: input.Location{File: r.File},
		Msg: i18n.F("上年度文件夹 %s 中没有“%s”%d 年度的报告（按机关名称查找 .toml、.xlsx 和 .json），未核对上年结转",
			"last year's folder %s has no report of %s for %d (looked up by organ among its .toml, .xlsx and .json): 上年结转 not checked", dir, r.Organ, want)}
}

// prevRank orders candidates: a data file, then a workbook, then a sidecar; the same name as this
// year's file first among equals.
func prevRank(path, this string) int {
	rank := 2
	switch strings.ToLower(filepath.Ext(path)) {
	case ".toml":
		rank = 0
	case ".xlsx":
		rank = 1
	}
	rank *= 2
	if !strings.EqualFold(filepath.Base(path), filepath.Base(this)) {
		rank++
	}
	return rank
}

// prevEntry is what the index keeps of one file of last year's folder.
type prevEntry struct {
	path         string
	organ, short string
	year         int
	size         int64
	mod          time.Time
}

// prevFolders indexes last year's folders by file: a batch checks every report against the same
// folder, and decoding the folder once per report would be quadratic. A file is decoded again
// when its size or time changes (watch and preview run for long).
type prevFolders struct {
	mu    sync.Mutex
	files map[string]prevEntry
}

var prevIndex = &prevFolders{files: map[string]prevEntry{}}

func (p *prevFolders) scan(dir string) []prevEntry {
	var paths []string
	for _, ext := range []string{".toml", ".xlsx", ".json"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	var out []prevEntry
	for _, path := range paths {
		st, err := os.Stat(path)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		p.mu.Lock()
		e, ok := p.files[path]
		p.mu.Unlock()
		if !ok || e.size != st.Size() || !e.mod.Equal(st.ModTime()) {
			e = prevEntry{path: path, size: st.Size(), mod: st.ModTime()}
			if r := loadAny(path); r != nil && r.Summary == nil {
				e.organ, e.short, e.year = strings.TrimSpace(r.Organ), strings.TrimSpace(r.Short), r.Year
			}
			p.mu.Lock()
			p.files[path] = e
			p.mu.Unlock()
		}
		out = append(out, e)
	}
	return out
}

// loadAny decodes a data file, workbook or sidecar, or returns nil. A file whose data has errors
// still names its organ and year, which is all the index needs.
func loadAny(path string) *model.Report {
	if strings.EqualFold(filepath.Ext(path), ".json") {
		r, _ := datafile.LoadSidecar(path)
		return r
	}
	if StrayOf(path) != nil {
		return nil
	}
	r, _ := Load(path)
	return r
}

// loadPrev reads last year's report: a data file, a workbook or a sidecar.
func loadPrev(path string) (*model.Report, error) {
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return datafile.LoadSidecar(path)
	}
	return Load(path)
}

// LoadAny reads a report from a data file, a workbook or a sidecar (.json).
func LoadAny(path string) (*model.Report, error) { return loadPrev(path) }
