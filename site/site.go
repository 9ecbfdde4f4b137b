// Package site makes a district's static website from the sidecars (.json) that nianbao build
// writes beside each report, one output folder per year: an index of units linking each report's
// PDF, DOCX, OFD and HTML; a page per unit with its key figures over the years; and a district
// page with the same figures summed and the units side by side.
//
// Pipeline: pipeline (build) writes reports and sidecars → site.Load reads the sidecars back
// (datafile.LoadSidecar, which checks every value) → Site.Write writes the pages and copies the
// reports. It reads numbers only, never a data file.
//
// The pages need no JavaScript and make no outside request: charts are SVG drawn here, inline,
// each with a text alternative (title and desc) and the same figures as a table beside it
// (WCAG 1.1.1, 1.4.1: no chart says anything by colour alone that the table does not say).
package site

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"nianbao/datafile"
	"nianbao/i18n"
	"nianbao/input"
)

// Site is the district's reports over the years.
type Site struct {
	Name    string  // the district, for titles ("宁和县"); may be ""
	Years   []int   // ascending
	Units   []*Unit // by short name
	Skipped []string
}

// Unit is one organ over the years.
type Unit struct {
	Organ, Short string
	Page         string // its page's file name
	Reports      map[int]*Report
}

// Report is one unit's year: its figures and the report files beside its sidecar.
type Report struct {
	Year    int
	Format  string
	Figures Figures
	Base    string            // the output base name (the sidecar's name without .json)
	Files   map[string]string // extension (".pdf", …) → the file beside the sidecar
}

// exts are the report files the index links, in order, with their names.
var exts = [][2]string{{".pdf", "PDF"}, {".docx", "DOCX"}, {".ofd", "OFD"}, {".html", "HTML"}}

// Load reads every sidecar (*.json) in the folders, one folder a year (or several years mixed).
// A sidecar that cannot be read, and one unit's year given twice, are errors naming the files;
// summaries made by nianbao sum are skipped (their units are on the site already).
func Load(dirs []string) (*Site, error) {
	s := &Site{}
	units := map[string]*Unit{}
	type unitYear struct {
		organ string
		year  int
	}
	seen := map[unitYear]string{} // → the file
	var errs []error
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			errs = append(errs, i18n.Errorf("%s 不是文件夹（应为 nianbao build 的输出文件夹）", "%s is not a folder (give nianbao build's output folders)", dir))
			continue
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		slices.Sort(files)
		for _, f := range files {
			r, err := datafile.LoadSidecar(f)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if r.Summary != nil {
				s.Skipped = append(s.Skipped, f)
				continue
			}
			organ := strings.TrimSpace(r.Organ)
			key := unitYear{organ, r.Year}
			if prev, ok := seen[key]; ok {
				errs = append(errs, &input.Error{Location: input.Location{File: f}, Msg: i18n.F("“%s”%d 年度的报告出现了两次：%s 和 %s（每个单位每年只能有一份）",
					"%s's %d report appears twice: %s and %s (one report a unit a year)", organ, r.Year, prev, f)})
				continue
			}
			seen[key] = f
			u := units[organ]
			if u == nil {
				u = &Unit{Organ: organ, Short: r.Short, Page: pageName(organ), Reports: map[int]*Report{}}
				units[organ] = u
			}
			if r.Short != "" {
				u.Short = r.Short // the latest file read names it; years are read in folder order
			}
			base := strings.TrimSuffix(f, filepath.Ext(f))
			rep := &Report{Year: r.Year, Format: r.Format.ID, Figures: FiguresOf(r), Base: filepath.Base(base), Files: map[string]string{}}
			for _, e := range exts {
				if st, err := os.Stat(base + e[0]); err == nil && st.Mode().IsRegular() {
					rep.Files[e[0]] = base + e[0]
				}
			}
			u.Reports[r.Year] = rep
			if !slices.Contains(s.Years, r.Year) {
				s.Years = append(s.Years, r.Year)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(units) == 0 {
		return nil, i18n.Errorf("文件夹中没有 nianbao build 写出的 .json 数据", "the folders hold no .json sidecars written by nianbao build")
	}
	slices.Sort(s.Years)
	for _, u := range units {
		s.Units = append(s.Units, u)
	}
	slices.SortFunc(s.Units, func(a, b *Unit) int {
		if c := strings.Compare(a.Short, b.Short); c != 0 {
			return c
		}
		return strings.Compare(a.Organ, b.Organ)
	})
	return s, nil
}

// pageName is a unit's page: a short hash of its name, so the address stays the same from year
// to year and needs no escaping.
func pageName(organ string) string {
	sum := sha256.Sum256([]byte(organ))
	return "unit-" + hex.EncodeToString(sum[:5]) + ".html"
}

// Latest is the last year any unit reported.
func (s *Site) Latest() int { return s.Years[len(s.Years)-1] }

// Total is the district's figures for a year: every unit that reported that year, summed; n is
// how many did.
func (s *Site) Total(year int) (f Figures, n int) {
	for _, u := range s.Units {
		if r := u.Reports[year]; r != nil {
			f = f.Add(r.Figures)
			n++
		}
	}
	return f, n
}
