package published

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/internal/testenv"
	"nianbao/model"
)

// htmlOf renders a report as a CMS page would: paragraphs, the tables with colspan and rowspan
// (from the format's grid), numbers inside nested spans, a layout table around everything.
func htmlOf(r *model.Report) string {
	var b strings.Builder
	b.WriteString(`<html><head><title>x</title><script>fetch("http://example.com")</script></head><body><table><tr><td>`)
	b.WriteString("<h1>" + r.DefaultTitle() + "</h1>")
	para := func(ps []model.Para) {
		for _, p := range ps {
			b.WriteString("<p>&nbsp;&nbsp;" + p.Lead + p.Text + "</p>")
		}
	}
	para(r.Text[model.TextOpening])
	for s, h := range r.Format.Sections {
		b.WriteString("<p><strong>" + h + "</strong></p>")
		para(r.Text[model.TextKeys()[s+1].Key])
		if s >= 1 && s <= 3 {
			t := r.Tables[s-1]
			b.WriteString(`<table border="1"><tbody>`)
			for row := 0; row < t.Def.Rows; row++ {
				b.WriteString("<tr>")
				for _, c := range t.Def.Cells {
					if c.R != row {
						continue
					}
					b.WriteString("<td")
					if c.Span > 1 {
						b.WriteString(` colspan="` + itoa(c.Span) + `"`)
					}
					if c.RowSpan > 1 {
						b.WriteString(` rowspan="` + itoa(c.RowSpan) + `"`)
					}
					b.WriteString(">")
					if c.Row >= 0 {
						k := t.Def.Data[c.Row].Kinds[c.Col]
						b.WriteString(`<p><span style="x"><span>` + t.Values[c.Row][c.Col].Print(k) + `</span></span></p>`)
					} else {
						b.WriteString(c.Text)
					}
					b.WriteString("</td>")
				}
				b.WriteString("</tr>")
			}
			b.WriteString("</tbody></table>")
		}
	}
	sig := r.Signature
	if sig == "" {
		sig = r.Organ
	}
	b.WriteString(`<p style="text-align: right">` + sig + `</p><p style="text-align:right">` + r.Date.String() + `</p>`)
	b.WriteString(`<img src="http://example.com/x.png"></td></tr></table></body></html>`)
	return b.String()
}

func itoa(n int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+n/10%10)) + string(rune('0'+n%10)))
}

func TestRoundTripHTML(t *testing.T) {
	for _, p := range examples(t) {
		src := load(t, p)
		if src.Title != "" && src.Title != src.DefaultTitle() {
			src.Title = ""
		}
		res, err := ReadHTML([]byte(htmlOf(src)))
		if err != nil {
			t.Fatal(err)
		}
		diffs, cells := differences(src, res.Report)
		for _, d := range diffs {
			t.Errorf("%s: %s", p, d)
		}
		t.Logf("%s: %d cells, %d differences", p, cells, len(diffs))
	}
}

// TestHTMLCells: numbers in nested spans, "/", "—", "无", blanks and negative numbers (2019
// format's 本年增/减) read as printed; a blank-like mark is noted for review.
func TestHTMLCells(t *testing.T) {
	src := load(t, "../examples/qingshi-2020/report.toml")
	page := htmlOf(src)
	t2 := src.Tables[0]
	// 行政许可 row of the 2019 table 二: 上一年项目数量, 本年增/减, 处理决定数量
	i, _ := t2.Def.Row("licensing")
	v := t2.Values[i]
	old := "<span>" + v[0].Print(model.Count) + "</span></span></p></td><td><p><span style=\"x\"><span>" + v[1].Print(model.Signed) + "</span>"
	if !strings.Contains(page, old) {
		t.Fatalf("no licensing row in the page")
	}
	page = strings.Replace(page, old, "<span>/</span></span></p></td><td><p><span style=\"x\"><span>−3</span>", 1)
	res, err := ReadHTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	got := res.Report.Tables[0].Values[i]
	if !got[0].NA || got[1].N != -3 {
		t.Errorf("licensing read %+v %+v, want / and −3", got[0], got[1])
	}
}

func TestSeedTXT(t *testing.T) {
	dir := testenv.SharedDir()
	testenv.Need(t, dir != "", "the shared folder (NIANBAO_SHARED) with seed/yipingyuan-2022.txt")
	data, err := os.ReadFile(filepath.Join(dir, "seed", "yipingyuan-2022.txt"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := ReadTXT(data)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if r.Organ != "一平垣乡" || r.Year != 2022 || r.Format.ID != "2021" {
		t.Errorf("organ %q year %d format %s", r.Organ, r.Year, r.Format.ID)
	}
	for _, k := range []string{model.TextOpening, model.TextOverview, model.TextProblems, model.TextOther} {
		if len(r.Text[k]) == 0 {
			t.Errorf("no %s", k)
		}
	}
	// hand-checked: every number the seed prints is 0; 行政许可 is empty in the seed
	numbers := 0
	for _, tb := range r.Tables {
		for _, row := range tb.Values {
			for _, v := range row {
				if !v.Blank {
					numbers++
					if v.N != 0 || v.NA {
						t.Errorf("a value %+v in the seed, which prints only 0", v)
					}
				}
			}
		}
	}
	if i, _ := r.Tables[0].Def.Row("licensing"); !r.Tables[0].Values[i][0].Blank {
		t.Errorf("行政许可 read %+v; the seed leaves it empty", r.Tables[0].Values[i][0])
	}
	t.Logf("%d cells read, %d numbers", len(res.Cells), numbers)
	for _, n := range res.Notes {
		t.Log(n)
	}
}

// TestVariant23: a 2021 report printing （六）其他处理 as one row (a 23-row table 三) is read as
// that variant: the row's numbers under 3.其他, its two siblings blank, a note says so.
func TestVariant23(t *testing.T) {
	src := load(t, "../examples/qingshi-2023/report.toml")
	t3 := src.Tables[1]
	v19 := model.FormatByID("2019").Tables[1]
	pub := *src
	pub.Tables[1] = model.Table{Def: v19, Values: make([][]model.Value, len(v19.Data))}
	for i, rd := range v19.Data {
		if rd.Key == "results.other" {
			sum := make([]model.Value, 7)
			for _, k := range []string{"overdue_correction", "overdue_fee", "other"} {
				j, _ := t3.Def.Row("results.other." + k)
				for c := range sum {
					sum[c].N += t3.Values[j][c].N
					sum[c].Set = true
				}
			}
			sum[0].N += 2 // numbers of its own, so that the test sees them moved
			pub.Tables[1].Values[i] = sum
			continue
		}
		j, _ := t3.Def.Row(rd.Key)
		pub.Tables[1].Values[i] = t3.Values[j]
	}
	res, err := ReadHTML([]byte(htmlOf(&pub)))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Variant {
		t.Fatal("the 23-row table 三 not recognised")
	}
	got := res.Report.Tables[1]
	for i, rd := range got.Def.Data {
		for c := range rd.Kinds {
			v := got.Values[i][c]
			switch rd.Key {
			case "results.other.overdue_correction", "results.other.overdue_fee":
				if !v.Blank {
					t.Errorf("%s[%d] = %+v, want blank", rd.Key, c, v)
				}
			case "results.other.other":
				k, _ := v19.Row("results.other")
				if want := pub.Tables[1].Values[k][c].N; v.N != want || v.Blank {
					t.Errorf("3.其他[%d] = %+v, want the one row's %d", c, v, want)
				}
			default:
				j, _ := t3.Def.Row(rd.Key)
				if v.N != t3.Values[j][c].N {
					t.Errorf("%s[%d] = %d, want %d", rd.Key, c, v.N, t3.Values[j][c].N)
				}
			}
		}
	}
}

// TestReviewerNotes: a section out of order, a missing section and a late date are noted.
func TestReviewerNotes(t *testing.T) {
	src := load(t, "../examples/qingshi-2023/report.toml")
	page := htmlOf(src)
	// 五 printed before 四, 六 left out, the report dated after 31 January
	page = strings.Replace(page, "<p><strong>六、其他需要报告的事项</strong></p>", "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>", 1)
	page = strings.Replace(page, src.Date.String(), "2024年3月5日", 1)
	res, err := ReadHTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, n := range res.Notes {
		all = append(all, n.What.Zh)
	}
	joined := strings.Join(all, "\n")
	for _, want := range []string{"出现在“五、存在的主要问题及改进情况”之后", "没有找到“六、其他需要报告的事项”", "晚于 2024年1月31日"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no note %q in\n%s", want, joined)
		}
	}
}
