package serve

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func unitNames(t *testing.T, w *world) []string {
	t.Helper()
	us, err := w.store.Units()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range us {
		names = append(names, u.Name)
	}
	return names
}

// TestUnitList: the administrator loads the 名单 from a paste (a range copied from a spreadsheet,
// with its heading), a text file and a workbook; names are trimmed and taken once, bad lines are
// named in Chinese and not loaded, the rest is; markup in a name is text; nobody else may load.
func TestUnitList(t *testing.T) {
	w, _, _ := district(t) // 甲镇, 乙街道
	adm := w.login("admin")
	long := strings.Repeat("长", 49)
	paste := "序号\t单位名称\t联系人\n1\t 丙镇 \t张三\n2\t丁街道\u00a0\t李四\n3\t丙镇\t\n4\t" + long + "\t\n5\t12\t\n6\t甲镇\t\n\n7\t<img src=x onerror=alert(1)>局\t\n"
	st, body := adm.post("/admin/units", url.Values{"units": {paste}})
	if st != 422 {
		t.Errorf("a list with bad lines: %d", st)
	}
	for _, want := range []string{"新增 3 个单位", "1 个已在名单中", "1 个重复的只算一次", "以下 2 行未载入", "第 5 行：“" + long[:60], "超过 48 个字", "第 6 行：“12”只有数字或标点"} {
		if !strings.Contains(body, want) {
			t.Errorf("the answer lacks %q: %.2000s", want, body)
		}
	}
	if strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;局") {
		t.Error("markup in a unit's name is not inert")
	}
	names := unitNames(t, w)
	for _, want := range []string{"丙镇", "丁街道", "<img src=x onerror=alert(1)>局", "甲镇", "乙街道"} {
		if !slices.Contains(names, want) {
			t.Errorf("%q not loaded: %q", want, names)
		}
	}
	if len(names) != 5 {
		t.Errorf("units: %q", names)
	}

	// a text file, one a line (a BOM, CRLF, a comment)
	st, body = adm.upload("/admin/units/upload", "名单.txt", []byte("\ufeff# 2026 年名单\r\n戊乡\r\n己乡\r\n戊乡\r\n"), "")
	if st != 200 || !strings.Contains(body, "新增 2 个单位") || !strings.Contains(body, "1 个重复的只算一次") {
		t.Errorf("text list: %d %.1500s", st, body)
	}
	// not UTF-8: refused with what to do
	st, body = adm.upload("/admin/units/upload", "名单.txt", []byte{0xb8, 0xfd, 0xcf, 0xe7, '\n'}, "")
	if st != 422 || !strings.Contains(body, "不是 UTF-8 编码") {
		t.Errorf("GBK list: %d %.1500s", st, body)
	}
	// a workbook: the column headed 单位名称, not the first
	f := excelize.NewFile()
	for i, row := range [][]any{{"序号", "单位名称"}, {1, "庚镇"}, {2, " 辛镇 "}, {3, "庚镇"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	var book bytes.Buffer
	f.WriteTo(&book)
	st, body = adm.upload("/admin/units/upload", "名单.xlsx", book.Bytes(), "")
	if st != 200 || !strings.Contains(body, "新增 2 个单位") {
		t.Errorf("workbook list: %d %.1500s", st, body)
	}
	// a workbook without a heading: the first column
	f = excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "壬镇")
	f.SetCellValue("Sheet1", "A2", "癸镇")
	book.Reset()
	f.WriteTo(&book)
	if st, body = adm.upload("/admin/units/upload", "list.xlsx", book.Bytes(), ""); st != 200 || !strings.Contains(body, "新增 2 个单位") {
		t.Errorf("workbook list without a heading: %d %.1500s", st, body)
	}
	// not a workbook, another type, nothing chosen
	for _, c := range []struct{ name, data, want string }{
		{"名单.xlsx", "not a zip", "不是 Excel/WPS 工作簿"},
		{"名单.doc", "x", "名单只能是文本文件"},
	} {
		if st, body := adm.upload("/admin/units/upload", c.name, []byte(c.data), ""); st != 422 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %.1500s", c.name, st, body)
		}
	}
	if n := len(unitNames(t, w)); n != 11 {
		t.Errorf("%d units after the files", n)
	}

	// rights and CSRF: a clerk and a reviewer may not, nor a form without the token
	for _, who := range []string{"clerkA", "审核员"} {
		c := w.login(who)
		if st, _ := c.post("/admin/units", url.Values{"units": {"坏镇"}}); st != 403 {
			t.Errorf("%s pastes a list: %d", who, st)
		}
		if st, _ := c.upload("/admin/units/upload", "名单.txt", []byte("坏镇\n"), ""); st != 403 {
			t.Errorf("%s uploads a list: %d", who, st)
		}
	}
	if st, _ := adm.postRaw("/admin/units", url.Values{"units": {"坏镇"}}); st != 403 {
		t.Errorf("a list without the CSRF token: %d", st)
	}
	adm2 := *adm
	adm2.csrf = "forged"
	if st, _ := adm2.upload("/admin/units/upload", "名单.txt", []byte("坏镇\n"), ""); st != 403 {
		t.Errorf("an upload with a forged CSRF token: %d", st)
	}
	if slices.Contains(unitNames(t, w), "坏镇") {
		t.Error("a refused list was loaded")
	}
}
