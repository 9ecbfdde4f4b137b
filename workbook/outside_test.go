package workbook_test

import (
	"bytes"
	"encoding/csv"
	"nianbao/workbook"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/datafile"
	"nianbao/model"
)

// need skips a test when an outside tool is missing here, and fails it in CI (CI=true).
func need(t *testing.T, cmd string) {
	t.Helper()
	if _, err := exec.LookPath(cmd); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI but missing", cmd)
		}
		t.Skipf("%s not installed", cmd)
	}
}

// TestLibreOffice: LibreOffice opens every example's workbook and computes what we wrote — each
// sheet converted to CSV holds the report's values, the 总计 formulas give the totals, and the
// 勾稽关系 row is all ✓ for a consistent report (✗ for the inconsistent one).
func TestLibreOffice(t *testing.T) {
	need(t, "soffice")
	dir := t.TempDir()
	for _, p := range examples(t) {
		name := filepath.Base(filepath.Dir(p))
		r, err := datafile.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := workbook.Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		x := filepath.Join(dir, name+".xlsx")
		os.WriteFile(x, buf.Bytes(), 0o644)
		cmd := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--headless", "--convert-to",
			"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, x)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		b, err := os.ReadFile(filepath.Join(dir, name+"-表三.csv"))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		model.Complete(r)
		cells := workbook.ValueCells(r.Tables[1].Def)
		for i, row := range r.Tables[1].Values {
			for c, v := range row {
				at := cells[i][c]
				got := rows[at[0]+workbook.GridTop-1][at[1]]
				want := v.Format(model.Count)
				if r.Tables[1].Def.Data[i].Total == c || r.Tables[1].Def.Data[i].SumOf != "" {
					// a formula: LibreOffice's sum, which equals ours where the data file's agrees
					if name != "inconsistent" && got != want {
						t.Errorf("%s 表三 %s col %d: LibreOffice computes %s, want %s", name, r.Tables[1].Def.Data[i].Key, c, got, want)
					}
					continue
				}
				if got != want {
					t.Errorf("%s 表三 %s col %d: %q, want %q", name, r.Tables[1].Def.Data[i].Key, c, got, want)
				}
			}
		}
		// the rows of ✓/✗: R1 and R3 under the table, R2 beside it
		for k, what := range []string{"R1", "R3"} {
			check := strings.Join(rows[r.Tables[1].Def.Rows+workbook.GridTop-1+k][3:10], "")
			if name == "inconsistent" && what == "R1" && !strings.Contains(check, "✗") || name != "inconsistent" && check != strings.Repeat("✓", 7) {
				t.Errorf("%s: %s row %q", name, what, check)
			}
		}
		var r2 []string
		for i := range r.Tables[1].Values {
			r2 = append(r2, rows[cells[i][0][0]+workbook.GridTop-1][10])
		}
		// the inconsistent example typed a wrong 总计 (R2): the sheet shows it
		if s := strings.Join(r2, ""); name == "inconsistent" && !strings.Contains(s, "✗") || name != "inconsistent" && s != strings.Repeat("✓", len(r2)) {
			t.Errorf("%s: R2 column %q", name, s)
		}
	}
}

// TestOpenpyxl: python3-openpyxl reads the workbook with its formulas intact.
func TestOpenpyxl(t *testing.T) {
	need(t, "/usr/bin/python3")
	if exec.Command("/usr/bin/python3", "-c", "import openpyxl").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-openpyxl is required in CI but missing")
		}
		t.Skip("python3-openpyxl not installed")
	}
	r, err := datafile.Load("../examples/qingshi-2023/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	workbook.Write(&buf, r)
	x := filepath.Join(t.TempDir(), "q.xlsx")
	os.WriteFile(x, buf.Bytes(), 0o644)
	out, err := exec.Command("/usr/bin/python3", "-c", `
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["表三"]
print(wb.sheetnames)
print(ws["J5"].value, ws["D5"].value, ws["D31"].value, ws.protection.sheet)
print(sorted(str(m) for m in ws.merged_cells.ranges)[:3])
`, x).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{"['基本信息', '正文', '表二', '表三', '表四']", "=SUM(D5,E5,F5,G5,H5,I5) 12", "True", "A2:C4"} {
		if !strings.Contains(s, want) {
			t.Errorf("openpyxl: lacks %q in\n%s", want, s)
		}
	}
}
