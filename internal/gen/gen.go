// Package gen makes varied, consistent township reports for tests and benchmarks: every table
// filled with random numbers that satisfy R1–R4, narrative of varying length. The same index and
// seed give the same report.
package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"nianbao/model"
)

var (
	counties = []string{"宁和县", "安平县", "清河县", "永宁县", "丰乐县", "长宁县", "平山县", "和顺县", "东阳县", "西林县", "南华县", "北川县", "兴隆县", "富民县", "嘉禾县", "临江县"}
	places   = []string{"青石", "白杨", "红岩", "金沙", "柳河", "松林", "梅岭", "石桥", "龙泉", "桃源", "凤山", "清溪", "云台", "黄土", "双河", "新店"}
	suffix   = []string{"镇", "乡", "街道"}
	opening  = "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制。本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
	pool     = []string{
		"围绕全镇中心工作，持续推进决策、执行、管理、服务、结果“五公开”，政府信息公开工作取得新成效。",
		"通过县政府门户网站专栏主动公开政府信息%d条，其中机构职能、规划计划等基础信息%d条，财政预决算信息%d条。",
		"修订保密审查办法，坚持“先审查、后公开”和“一事一审”原则，全年未发生泄密事件。",
		"依托“政务公开”微信公众号（关注人数%d余人）发布信息，在便民服务中心设置政府信息查阅点1个。",
		"将政务公开纳入各村（社区）年度目标考核，开展政务公开专题培训%d次，参训%d人次。",
		"对惠民惠农资金、低保、“一事一议”等事项按月公开，接受群众监督——做到应公开尽公开。",
	}
)

// unit names report i's unit: a place, its suffix (镇, 乡, 街道) and its county, all distinct
// for distinct i — i is written in mixed radix (suffix, two place syllables, county) and what
// is left over adds syllables, so there are names for any number of reports.
func unit(i int) (place, suffix_, county string) {
	suffix_ = suffix[i%len(suffix)]
	i /= len(suffix)
	place = places[i%len(places)]
	i /= len(places)
	place += places[i%len(places)]
	i /= len(places)
	county = counties[i%len(counties)]
	for i /= len(counties); i > 0; i /= len(places) {
		place += places[i%len(places)]
	}
	return place, suffix_, county
}

// Name is the file name of report i.
func Name(i int) string { return fmt.Sprintf("unit-%04d.toml", i) }

// Report returns the data file of report i.
func Report(i int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	n := func(k int) int { return rng.IntN(k) }
	place, suf, county := unit(i)
	organ, kind := place+suf+"人民政府", "乡镇"
	if suf == "街道" {
		organ, kind = place+"街道办事处", "街道"
	}
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f, a...) }
	w("# generated report %d\nformat = \"2021\"\nyear = 2023\norgan = \"%s%s\"\nshort_name = \"%s%s\"\nkind = \"%s\"\ndate = 2024-01-%02d\n\n", i, county, organ, place, suf, kind, 10+n(20))
	w("[text]\nopening = \"\"\"\n%s\n\"\"\"\noverview = \"\"\"\n", opening)
	heads := []string{"（一）主动公开。", "（二）依申请公开。", "（三）政府信息管理。", "（四）政府信息公开平台建设。", "（五）监督保障。"}
	for _, h := range heads[:2+n(4)] {
		w("%s", h)
		for range 1 + n(4) {
			p := pool[n(len(pool))]
			args := []any{50 + n(400), 5 + n(50), 1 + n(20)}
			w(p, args[:strings.Count(p, "%d")]...)
		}
		w("\n\n")
	}
	w("\"\"\"\nproblems = \"\"\"\n一是公开栏更新不够及时；二是解读形式较为单一。下一步将建立月检查制度，丰富解读形式。\n\"\"\"\n")
	w("other = \"\"\"\n本年度未收取信息处理费。\n\"\"\"\n\n")

	w("[table2]\nregulations = [0, 0, 0]\nnormative_documents = [%d, %d, %d]\nlicensing = %d\npunishment = %d\ncoercion = %d\nfees = %d.%02d\n\n",
		n(4), n(3), 5+n(20), n(200), n(30), n(5), n(3), n(100))

	f := model.FormatByID("2021")
	t3 := f.Tables[1]
	// leaves: random small numbers, mostly zero
	vals := map[string][6]int{}
	var total, fwd, carried [6]int
	for _, rd := range t3.Data {
		if !strings.HasPrefix(rd.Key, "results.") || rd.SumOf != "" {
			continue
		}
		var v [6]int
		for c := range v {
			if n(4) == 0 {
				v[c] = n(6)
			}
			total[c] += v[c]
		}
		vals[rd.Key] = v
	}
	var nw [6]int
	for c := range nw {
		fwd[c] = n(3)
		carried[c] = n(min(3, total[c]+fwd[c]) + 1)
		nw[c] = total[c] + fwd[c] - carried[c]
	}
	row := func(key string, v [6]int) {
		k := key[strings.LastIndexByte(key, '.')+1:]
		w("%s = [%d, %d, %d, %d, %d, %d]\n", k, v[0], v[1], v[2], v[3], v[4], v[5])
	}
	w("[table3]\n")
	row("new", nw)
	row("carried_over", carried)
	row("carried_forward", fwd)
	section := ""
	for _, rd := range t3.Data {
		if !strings.HasPrefix(rd.Key, "results.") || rd.SumOf != "" {
			continue
		}
		sec := rd.Key[:strings.LastIndexByte(rd.Key, '.')]
		if sec != section {
			section = sec
			w("\n[table3.%s]\n", sec)
		}
		row(rd.Key, vals[rd.Key])
	}
	w("\n[table4]\n")
	for _, k := range []string{"review", "litigation_direct", "litigation_after_review"} {
		a, c, d, e := n(2), n(2), n(2), n(2)
		w("%s = [%d, %d, %d, %d, %d]\n", k, a, c, d, e, a+c+d+e)
	}
	return b.String()
}
