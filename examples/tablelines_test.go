package examples

import (
	"archive/zip"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestLibreOfficeTableLines: LibreOffice, given the faces the PDF measured with (the stand-ins under
// the official names, Latin text included), sets every line of every label the DOCX breaks — the
// PDF's lines (compose.ComposeTable; docx's TestSameTableLinesAsLayout) — on one line of its own:
// no label line wrapped again, none joined to the next.
func TestLibreOfficeTableLines(t *testing.T) {
	need(t, have("soffice") && have("pdftotext"), "LibreOffice (libreoffice-writer) and poppler-utils")
	dir, files := built(t)
	docx := files["qingshi-2023"][1]
	// the official names as TestLibreOffice serves them, and Times New Roman (the DOCX's Latin
	// face) as the body's stand-in, whose digits the PDF measured
	conf := filepath.Join(dir, "tables-fonts.conf")
	os.WriteFile(conf, []byte(`<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>`+
		`<include ignore_missing="yes">`+officialFontsConf(t, dir)+`</include>`+
		`<match target="pattern"><test name="family"><string>Times New Roman</string></test>`+
		`<edit name="family" mode="assign" binding="strong"><string>Nianbao Fangsong</string></edit></match></fontconfig>`), 0o644)
	outDir := filepath.Join(dir, "lo-tables")
	cmd := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "lo-tables-profile"),
		"--headless", "--convert-to", "pdf", "--outdir", outDir, docx)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(outDir, strings.TrimSuffix(filepath.Base(docx), ".docx")+".pdf")
	bbox, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", pdf, err)
	}

	// the DOCX's label lines: the cells broken with <w:br/>
	want := map[string]int{}
	for _, line := range brokenLabelLines(t, docx) {
		want[line]++
	}
	if len(want) < 10 {
		t.Fatalf("only %d label lines in %s", len(want), docx)
	}
	// LibreOffice's lines: words on one baseline less than 3 pt apart
	got := map[string]int{}
	word := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>`)
	for _, page := range strings.Split(string(bbox), "<page ")[1:] {
		type w struct {
			x0, y, x1 float64
			text      string
		}
		var ws []w
		for _, m := range word.FindAllStringSubmatch(page, -1) {
			x0, _ := strconv.ParseFloat(m[1], 64)
			y, _ := strconv.ParseFloat(m[2], 64)
			x1, _ := strconv.ParseFloat(m[3], 64)
			ws = append(ws, w{x0, y, x1, m[4]})
		}
		used := make([]bool, len(ws))
		for i := range ws {
			if used[i] {
				continue
			}
			line, end := ws[i].text, ws[i].x1
			for grown := true; grown; {
				grown = false
				for j := range ws {
					if !used[j] && j != i && math.Abs(ws[j].y-ws[i].y) < 0.5 && ws[j].x0 >= end-1 && ws[j].x0-end < 3 {
						line, end, used[j], grown = line+ws[j].text, ws[j].x1, true, true
					}
				}
			}
			got[line]++
		}
	}
	for line, n := range want {
		if got[line] < n {
			t.Errorf("label line %q: %d in the DOCX, %d set as a line by LibreOffice", line, n, got[line])
		}
	}
	if !t.Failed() {
		t.Logf("%d label lines of %s set by LibreOffice as the DOCX (and the PDF) breaks them", len(want), filepath.Base(docx))
	}
}

// brokenLabelLines is the lines of every table cell of a DOCX that holds explicit breaks.
func brokenLabelLines(t *testing.T, path string) []string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var x string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			x = string(b)
		}
	}
	text := regexp.MustCompile(`<w:t xml:space="preserve">(.*?)</w:t>|<w:br/>`)
	var out []string
	for _, tc := range regexp.MustCompile(`<w:tc>(.*?)</w:tc>`).FindAllStringSubmatch(x, -1) {
		if !strings.Contains(tc[1], "<w:br/>") {
			continue
		}
		lines := []string{""}
		for _, m := range text.FindAllStringSubmatch(tc[1], -1) {
			if m[0] == "<w:br/>" {
				lines = append(lines, "")
			} else {
				lines[len(lines)-1] += m[1]
			}
		}
		out = append(out, lines...)
	}
	if out == nil {
		t.Fatalf("%s: no label broken into lines", path)
	}
	return out
}
