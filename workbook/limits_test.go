package workbook_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"nianbao/workbook"
	"runtime"
	"strings"
	"testing"

	"nianbao/datafile"
	"nianbao/i18n"
	"nianbao/model"
)

// goodWorkbook is an example written as a workbook.
func goodWorkbook(t testing.TB) []byte {
	t.Helper()
	r, err := datafile.Load("../examples/qingshi-2023/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := workbook.Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// patch rewrites one part of a workbook.
func patch(t testing.TB, wb []byte, part string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part {
			b, found = []byte(edit(string(b))), true
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	if !found {
		t.Fatalf("no part %s", part)
	}
	return out.Bytes()
}

// TestLimits: workbooks that would explode in excelize, or hold a DTD, or are encrypted, are
// refused by the scan with a message naming the file, the sheet and part, and the cell.
func TestLimits(t *testing.T) {
	good := goodWorkbook(t)
	const t3 = "xl/worksheets/sheet4.xml" // 表三
	beforeEnd := func(add string) func(string) string {
		return func(s string) string { return strings.Replace(s, "</sheetData>", add+"</sheetData>", 1) }
	}
	var farCells, manyRows, manyStrings strings.Builder
	for i := range 300 {
		fmt.Fprintf(&farCells, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, 100+i, 100+i)
	}
	for range 1200 {
		manyRows.WriteString(`<row><c><v>1</v></c></row>`)
	}
	for range 25_000 {
		manyStrings.WriteString(`<si><t>x</t></si>`)
	}
	ole := append([]byte(workbook.OleSignature), make([]byte, 600)...)
	cases := map[string]struct {
		data []byte
		want string
	}{
		"column XFD": {patch(t, good, t3, beforeEnd(farCells.String())), "c.xlsx: 工作簿的工作表“表三”（xl/worksheets/sheet4.xml）：单元格 XFD100 有内容，超出了统计表的范围"},
		"row 1048576": {patch(t, good, t3, beforeEnd(`<row r="1048576"><c r="A1048576"><v>1</v></c></row>`)),
			"工作表“表三”（xl/worksheets/sheet4.xml）：第 1048576 行有内容"},
		"1,200 rows": {patch(t, good, t3, func(s string) string { return strings.Replace(s, "<sheetData>", "<sheetData>"+manyRows.String(), 1) }), "超过 1000 行"},
		"cell in B0": {patch(t, good, t3, beforeEnd(`<row r="99"><c r="B0"><v>1</v></c></row>`)), "单元格名“B0”无效"},
		"shared strings": {patch(t, good, "xl/sharedStrings.xml", func(s string) string { return strings.Replace(s, "</sst>", manyStrings.String()+"</sst>", 1) }),
			"工作簿的xl/sharedStrings.xml：超过 20000 个共享字符串"},
		"a 40,000-character cell": {patch(t, good, "xl/worksheets/sheet2.xml", beforeEnd(`<row r="20"><c r="C20" t="inlineStr"><is><t>`+strings.Repeat("很", 20_000)+`</t><t>`+strings.Repeat("长", 20_000)+`</t></is></c></row>`)),
			"工作表“正文”（xl/worksheets/sheet2.xml）：单元格 C20 的文字超过 32767 个字符"},
		"a DTD": {patch(t, good, t3, func(s string) string {
			return strings.Replace(s, "?>", `?><!DOCTYPE worksheet [<!ENTITY a "aaaa">]>`, 1)
		}), "工作表“表三”（xl/worksheets/sheet4.xml）：含有文档类型定义"},
		"broken XML": {patch(t, good, t3, func(s string) string { return strings.Replace(s, "</sheetData>", "</sheetDta>", 1) }),
			"XML 无法解析（element <sheetData> closed by </sheetDta>）"},
		"blanks before XFD": {patch(t, good, t3, func(s string) string {
			return strings.Repeat(" ", 600) + strings.Replace(s, "</sheetData>", `<row r="9"><c r="XFD9"><v>1</v></c></row></sheetData>`, 1)
		}), "单元格 XFD9 有内容"},
		"encrypted": {append(ole, []byte(workbook.EncryptedEntry)...), "工作簿设置了打开密码（已加密）"},
		"xls":       {ole, "Excel 97–2003 格式（.xls）"},
	}
	for name, c := range cases {
		_, err := workbook.Read("c.xlsx", c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", name, err)
		}
		if err != nil && strings.Contains(i18n.Message(err, i18n.En), "工作") {
			t.Errorf("%s: Chinese in English: %s", name, i18n.Message(err, i18n.En))
		}
	}
	if _, err := workbook.Read("good.xlsx", good); err != nil {
		t.Errorf("the example: %v", err)
	}
}

// readBudget is the most a Read may allocate for a fuzzed workbook of up to fuzzBytes bytes:
// what excelize needs for a full form (about 10 MB) with room to spare; a workbook that explodes
// (a row padded to 16,384 cells) takes hundreds of MB.
const (
	fuzzBytes  = 256 << 10
	readBudget = 96 << 20
)

// FuzzReadBudget: any workbook of up to fuzzBytes bytes is read, or refused with a message,
// allocating at most readBudget bytes in all (the peak is lower). Seeds: the example, and the
// exploding ones of TestLimits cut to what the limits allow.
func FuzzReadBudget(f *testing.F) {
	good := goodWorkbook(f)
	f.Add(good)
	const t3 = "xl/worksheets/sheet4.xml"
	f.Add(patch(f, good, t3, func(s string) string {
		return strings.Replace(s, "</sheetData>", `<row r="1000"><c r="CV1000"><v>1</v></c></row></sheetData>`, 1)
	}))
	f.Add(patch(f, good, t3, func(s string) string {
		return strings.Replace(s, "</sheetData>", `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>`, 1)
	}))
	f.Add(append([]byte(workbook.OleSignature), []byte(workbook.EncryptedEntry)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzBytes {
			return
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := datafile.DecodeWorkbook("f.xlsx", data, nil)
		runtime.ReadMemStats(&after)
		if got := after.TotalAlloc - before.TotalAlloc; got > readBudget {
			t.Fatalf("reading %d bytes allocated %d MB", len(data), got>>20)
		}
		if err != nil {
			if i18n.Message(err, i18n.Zh) == "" || i18n.Message(err, i18n.En) == "" {
				t.Fatal("empty message")
			}
			return
		}
	})
}

// BenchmarkScan: the scan's share of reading a workbook.
func BenchmarkScan(b *testing.B) {
	good := goodWorkbook(b)
	for b.Loop() {
		if err := workbook.ScanWorkbook("b.xlsx", good); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExportLongNarrative: a narrative longer than a cell holds is refused before anything is
// written, naming the key, its section and its length; one just within the limit round-trips.
func TestExportLongNarrative(t *testing.T) {
	for _, n := range []int{workbook.MaxCellChars, workbook.MaxCellChars + 1} {
		r, err := datafile.Load("../examples/qingshi-2023/report.toml")
		if err != nil {
			t.Fatal(err)
		}
		r.Text["problems"] = []model.Para{{Text: strings.Repeat("改", n)}}
		var b bytes.Buffer
		err = workbook.Write(&b, r)
		if n > workbook.MaxCellChars {
			if err == nil || b.Len() != 0 || !strings.Contains(err.Error(), "“problems”（五、存在的主要问题及改进情况）有 32768 个字符，超过 Excel 单元格的上限 32767 个") {
				t.Errorf("%d characters: %v, %d bytes written", n, err, b.Len())
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		back, err := datafile.DecodeWorkbook("x.xlsx", b.Bytes(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(model.Plain(back.Text[model.TextProblems])+model.Plain(back.Text[model.TextOverview])+model.Plain(back.Text[model.TextOther]), strings.Repeat("改", n)) {
			t.Error("the narrative did not come back whole")
		}
	}
}
