package workbook_test

import (
	"bytes"
	"nianbao/workbook"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/datafile"
	"nianbao/model"
)

// TestKindOf: a report workbook, a district workbook (wider than a report's limits) and a list
// are told apart by their sheets; a file that is no workbook is taken for a report (reading it
// says what is wrong).
func TestKindOf(t *testing.T) {
	dir := t.TempDir()
	r, err := datafile.Load("../examples/qingshi-2023/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	var rep, dist bytes.Buffer
	if err := workbook.Write(&rep, r); err != nil {
		t.Fatal(err)
	}
	total, _ := datafile.Sum([]*model.Report{r})
	if err := workbook.WriteDistrict(&dist, []*model.Report{r}, total, nil, nil); err != nil {
		t.Fatal(err)
	}
	list := excelize.NewFile()
	for i, v := range []string{"序号", "1", "2"} {
		list.SetCellValue("Sheet1", "A"+string(rune('1'+i)), v)
	}
	for i, v := range []string{"单位名称", "青石镇", "白杨镇"} {
		list.SetCellValue("Sheet1", "B"+string(rune('1'+i)), v)
	}
	list.SaveAs(filepath.Join(dir, "名单.xlsx"))
	os.WriteFile(filepath.Join(dir, "r.xlsx"), rep.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "d.xlsx"), dist.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "x.xlsx"), []byte("not a zip"), 0o644)
	for name, want := range map[string]workbook.Kind{"r.xlsx": workbook.ReportBook, "d.xlsx": workbook.DistrictBook, "名单.xlsx": workbook.OtherBook, "x.xlsx": workbook.ReportBook} {
		if got := workbook.KindOf(filepath.Join(dir, name)); got != want {
			t.Errorf("%s: kind %d, want %d", name, got, want)
		}
	}
	units, err := workbook.ReadList(filepath.Join(dir, "名单.xlsx"))
	if err != nil || !slices.Equal(units, []string{"青石镇", "白杨镇"}) {
		t.Errorf("list: %q %v", units, err)
	}
}
