package workbook_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"nianbao/workbook"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/model"
)

func examples(t *testing.T) []string {
	ps, _ := filepath.Glob("../examples/*/report.toml")
	if len(ps) < 4 {
		t.Fatalf("%d examples", len(ps))
	}
	return ps
}

// TestRoundTrip: every example, written as a workbook and read back, gives the same tables,
// text and details — and the same findings.
func TestRoundTrip(t *testing.T) {
	for _, p := range examples(t) {
		t.Run(filepath.Base(filepath.Dir(p)), func(t *testing.T) {
			r, err := datafile.Load(p)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := workbook.Write(&buf, r); err != nil {
				t.Fatal(err)
			}
			back, err := datafile.DecodeWorkbook("r.xlsx", buf.Bytes(), nil)
			if err != nil {
				t.Fatal(err)
			}
			model.Complete(r)
			model.Complete(back)
			if ch, err := check.Changes(r, back); err != nil || len(ch) != 0 {
				t.Errorf("tables differ: %v %v", err, ch)
			}
			for i := range r.Tables {
				for k, row := range r.Tables[i].Values {
					for c, v := range row {
						kind := r.Tables[i].Def.Data[k].Kinds[c]
						if b := back.Tables[i].Values[k][c]; v.Print(kind) != b.Print(kind) {
							t.Errorf("%s %s %d: %q → %q", r.Tables[i].Def.ID, r.Tables[i].Def.Data[k].Key, c, v.Print(kind), b.Print(kind))
						}
					}
				}
			}
			for _, tk := range model.TextKeys() {
				if a, b := model.TextOf(r.Text[tk.Key]), model.TextOf(back.Text[tk.Key]); a != b {
					t.Errorf("text %s differs:\n%q\n%q", tk.Key, a, b)
				}
			}
			if r.Organ != back.Organ || r.Short != back.Short || r.Kind != back.Kind || r.Year != back.Year || r.Date != back.Date ||
				r.Title != back.Title || r.Signature != back.Signature || r.Format != back.Format {
				t.Errorf("details differ: %+v", back)
			}
			// the same bytes every time
			var again bytes.Buffer
			workbook.Write(&again, r)
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("two writes of one report differ")
			}
		})
	}
}

// TestCells: findings name the cell: an unreadable value, and an arithmetic error.
func TestCells(t *testing.T) {
	r, err := datafile.Load("../examples/qingshi-2023/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	// a typed word where a number goes (一、本年新收, 自然人), and a blank cell (二、上年结转, 科研机构):
	// each named by its own cell, not by the row's first
	xf, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	xf.SetCellValue("表三", "D5", "很多")
	xf.SetCellValue("表三", "F6", "")
	var edited bytes.Buffer
	xf.WriteTo(&edited)
	_, err = datafile.DecodeWorkbook("r.xlsx", edited.Bytes(), nil)
	if msg := fmt.Sprint(err); !strings.Contains(msg, "r.xlsx!表三!D5") || !strings.Contains(msg, "很多") {
		t.Errorf("the error does not name the cell: %s", msg)
	}
	xf.SetCellValue("表三", "D5", 12)
	edited.Reset()
	xf.WriteTo(&edited)
	back, err := datafile.DecodeWorkbook("r.xlsx", edited.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var blank string
	for _, f := range check.Check(back) {
		if f.Rule == "R5" {
			blank = f.Location.String()
		}
	}
	if blank != "r.xlsx!表三!F6" {
		t.Errorf("the blank cell is located at %q, want r.xlsx!表三!F6", blank)
	}
}

// TestStaleTotal: a formula saved with a value its data does not give is a warning at its cell.
func TestStaleTotal(t *testing.T) {
	r, err := datafile.Load("../examples/qingshi-2023/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	workbook.Write(&buf, r)
	// give 表三!J5 (一、本年新收 总计, =SUM(…) of 15) the cached value 16, as a program that does not
	// recalculate would leave it
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		if strings.Contains(string(b), `<c r="J5"`) && strings.Contains(string(b), "SUM(D5,E5,F5,G5,H5,I5)") {
			b = []byte(strings.Replace(string(b), "<f>SUM(D5,E5,F5,G5,H5,I5)</f>", "<f>SUM(D5,E5,F5,G5,H5,I5)</f><v>16</v>", 1))
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	back, err := datafile.DecodeWorkbook("s.xlsx", out.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var stale []check.Finding
	for _, f := range check.Check(back) {
		if f.Rule == "R12" {
			stale = append(stale, f)
		}
	}
	if len(stale) != 1 || stale[0].Location.String() != "s.xlsx!表三!J5" || stale[0].Expected != "15" || stale[0].Actual != "16" || stale[0].Severity != check.Warning {
		t.Errorf("stale total: %v", stale)
	}
}

// TestBadWorkbooks: not a zip, a zip bomb, a rearranged sheet — each refused with a message.
func TestBadWorkbooks(t *testing.T) {
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write(bytes.Repeat([]byte{' '}, 80<<20))
	zw.Close()
	r, _ := datafile.Load("../examples/qingshi-2023/report.toml")
	var good bytes.Buffer
	workbook.Write(&good, r)
	xf, _ := excelize.OpenReader(bytes.NewReader(good.Bytes()))
	xf.SetCellValue(workbook.InfoSheet, "A5", "short_nane")
	var moved bytes.Buffer
	xf.WriteTo(&moved)
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"text":  {[]byte("organ = 1"), "不是 Excel/WPS 工作簿"},
		"bomb":  {bomb.Bytes(), "压缩炸弹"},
		"moved": {moved.Bytes(), "结构不能改动"},
	} {
		if _, err := workbook.Read(name+".xlsx", c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestDistrict: the district sheet has a row per unit with every cell in the official order
// under two header rows, the table checks' counts, a total row of formulas that add up to the
// summed report, and the units missing and not on the list.
func TestDistrict(t *testing.T) {
	var units []*model.Report
	for _, p := range []string{"../examples/qingshi-2023/report.toml", "../examples/shichangjianguan-2023/report.toml", "../examples/inconsistent/report.toml"} {
		r, err := datafile.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		r.Organ += p // three units: the inconsistent one is 青石镇 again
		units = append(units, r)
	}
	total, err := datafile.Sum(units)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := workbook.WriteDistrict(&buf, units, total, []string{"白杨镇"}, []string{"县市场监管局"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	get := func(sh, cell string) string { v, _ := f.GetCellValue(sh, cell); return v }
	if get(workbook.DistrictSheet, "A3") != "青石镇" || get(workbook.DistrictSheet, "A4") != "县市场监管局" || get(workbook.DistrictSheet, "A6") != "合计" {
		t.Errorf("unit rows: %q %q %q", get(workbook.DistrictSheet, "A3"), get(workbook.DistrictSheet, "A4"), get(workbook.DistrictSheet, "A6"))
	}
	if get(workbook.DistrictSheet, "C5") == "0" || get(workbook.DistrictSheet, "C3") != "0" {
		t.Errorf("error counts: consistent %s, inconsistent %s", get(workbook.DistrictSheet, "C3"), get(workbook.DistrictSheet, "C5"))
	}
	// every total cell computes to the summed report's value
	col := 5
	for ti, def := range total.Format.Tables {
		for k, rd := range def.Data {
			if get(workbook.DistrictSheet, cellAt(col, 2)) != rd.Cols[0] {
				t.Fatalf("header of %s: %q", rd.Key, get(workbook.DistrictSheet, cellAt(col, 2)))
			}
			for c, kind := range rd.Kinds {
				got, err := f.CalcCellValue(workbook.DistrictSheet, cellAt(col+c, 6))
				want := total.Tables[ti].Values[k][c].Format(kind)
				if err != nil || trimZeros(got) != trimZeros(want) {
					t.Errorf("total of %s col %d: %q (%v), want %q", rd.Key, c, got, err, want)
				}
			}
			col += len(rd.Kinds)
		}
	}
	if get(workbook.UnitsSheet, "A2") != "白杨镇" || get(workbook.UnitsSheet, "B2") != "县市场监管局" {
		t.Errorf("units sheet: %q %q", get(workbook.UnitsSheet, "A2"), get(workbook.UnitsSheet, "B2"))
	}
}

func cellAt(c, r int) string { s, _ := excelize.CoordinatesToCellName(c, r); return s }

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// FuzzRead: any bytes are refused with a message or read into a data file's text that decodes
// or is refused with a message; never a panic.
func FuzzRead(f *testing.F) {
	r, _ := datafile.Load("../examples/qingshi-2023/report.toml")
	var b bytes.Buffer
	workbook.Write(&b, r)
	f.Add(b.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := datafile.DecodeWorkbook("f.xlsx", data, nil)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty message")
			}
			return
		}
		check.Check(r)
	})
}

func BenchmarkRead(b *testing.B) {
	r, _ := datafile.Load("../examples/qingshi-2023/report.toml")
	var buf bytes.Buffer
	workbook.Write(&buf, r)
	for b.Loop() {
		if _, err := workbook.Read("r.xlsx", buf.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHostileCells: what a cell may hold — quotes, backslashes, control characters, TOML syntax —
// never changes the data file's shape: it is a value, refused or accepted as one, at its cell.
func TestHostileCells(t *testing.T) {
	r, _ := datafile.Load("../examples/qingshi-2023/report.toml")
	var buf bytes.Buffer
	workbook.Write(&buf, r)
	for _, v := range []string{`x"\ny = 1`, "a\x01b", `\`, `"""`, "]\n[table9]", "组织\"\n[table2]\nfees = 99"} {
		f, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		f.SetCellValue(workbook.InfoSheet, "C4", v) // organ
		f.SetCellValue("表三", "D5", v)               // 一、本年新收 自然人
		f.SetCellValue(workbook.TextSheet, "C7", v) // problems
		var out bytes.Buffer
		f.WriteTo(&out)
		back, err := datafile.DecodeWorkbook("h.xlsx", out.Bytes(), nil)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		// refused at its cell (a control character becomes U+FFFD on the way: refused too), never
		// read as TOML syntax
		if strings.Contains(msg, "TOML 语法错误") || !strings.Contains(msg, "h.xlsx!表三!D5") && !strings.Contains(msg, "h.xlsx!基本信息!C4") {
			t.Errorf("%q: %s", v, msg)
		}
		if back != nil && back.Organ != strings.TrimSpace(model.Normalize(v)) && !strings.Contains(msg, "h.xlsx!基本信息!C4") {
			t.Errorf("%q: organ read as %q", v, back.Organ)
		}
		if back != nil && back.Tables[0].Values[5][0].N != 0 {
			t.Errorf("%q: a cell rewrote another", v)
		}
	}
}

// TestNoKeyNames (issue 20 point 14): a workbook's problems name the cell and the label, never
// the data file's keys.
func TestNoKeyNames(t *testing.T) {
	r, _ := datafile.Load("../examples/qingshi-2023/report.toml")
	var buf bytes.Buffer
	workbook.Write(&buf, r)
	f, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	f.SetCellValue(workbook.InfoSheet, "C4", "")  // organ
	f.SetCellValue(workbook.InfoSheet, "C6", "乡") // kind
	var out bytes.Buffer
	f.WriteTo(&out)
	_, err := datafile.DecodeWorkbook("k.xlsx", out.Bytes(), nil)
	msg := fmt.Sprint(err)
	if !strings.Contains(msg, "k.xlsx!基本信息!C4: “机关名称”不能为空") || !strings.Contains(msg, "k.xlsx!基本信息!C6") || strings.Contains(msg, "organ") || strings.Contains(msg, "“kind”") {
		t.Errorf("%s", msg)
	}
}

// TestOneCellOneFinding (issue 20 point 14): the template's five placeholders left in one cell
// are one finding at that cell, saying how many there are, not five identical lines.
func TestOneCellOneFinding(t *testing.T) {
	r, _ := datafile.Load("../examples/qingshi-2023/report.toml")
	var buf bytes.Buffer
	workbook.Write(&buf, r)
	f, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	f.SetCellValue(workbook.TextSheet, "C3", "（一）主动公开。（在此填写）\n（二）依申请公开。（在此填写）\n（三）政府信息管理。（在此填写）\n（四）平台建设。（在此填写）\n（五）监督保障。（在此填写）")
	var out bytes.Buffer
	f.WriteTo(&out)
	back, err := datafile.DecodeWorkbook("p.xlsx", out.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fd := range check.Check(back) {
		if fd.Rule == "R13" {
			got = append(got, fd.String())
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], "p.xlsx!正文!C3") || !strings.Contains(got[0], "这里共 5 处") {
		t.Errorf("R13: %q", got)
	}
}
