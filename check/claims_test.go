package check

import (
	"fmt"
	"nianbao/model"
	"strings"
	"testing"
)

// claimCorpus is how real reports state their numbers (phrasings collected from published
// reports), each with the claims the extractor must find — kind=N, @P for a stated percentage —
// or "" where nothing may be read: enquiry counts, visits, published items, 政策性文件.
var claimCorpus = []struct{ sentence, want string }{
	// applications received
	{"2023年，我镇共收到政府信息公开申请15件。", "applications=15"},
	{"全年共受理政府信息公开申请3件，均在法定期限内答复。", "applications=3"},
	{"本年度新收政府信息公开申请2件，上年结转1件。", "applications=2 carried-over=1"},
	{"收到依申请公开申请4条", "applications=4"},
	{"全年共接收依申请公开12份。", "applications=12"},
	{"本机关收到公民、法人或者其他组织提出的政府信息公开申请共计8件", "applications=8"},
	{"依申请公开共3件，已全部办结。", "applications=3"},
	{"全年共收到政府信息公开申请三件。", "applications=3"},
	{"本年度共收到政府信息公开申请１２件", "applications=12"},
	{"全年办理政府信息公开申请21件（含上年结转1件）。", "applications=21 carried-over=1"},
	{"共收到政府信息公开申请1,024件。", "applications=1024"},
	{"全年共收到申请二十件", "applications=20"},
	// outcomes
	{"其中予以公开12件，占80%；部分公开2件；不予公开1件。", "granted=12@80 partial=2 denied=1"},
	{"予以公开和部分公开共10件，无法提供3件，不予处理2件。", "granted+partial=10 unavailable=3 not-processed=2"},
	{"予以公开、部分公开7件", "granted+partial=7"},
	{"全部公开5件（占比45.5%）", "granted=5@45.5"},
	{"其他处理1件。", "other-handling=1"},
	{"已全部办结15件，结转下年度继续办理2件。", "handled=15 carried-forward=2"},
	{"按时答复率100%，办结9件。", "handled=9"},
	{"上年度结转政府信息公开申请1件", "carried-over=1"},
	// appeals
	{"本年度发生政府信息公开行政复议1件，结果维持1件。", "review=1 upheld=1"},
	{"行政诉讼案件2件，其中纠正1件，尚未审结1件。", "litigation=2 corrected=1 pending=1"},
	{"全年共发生行政复议案件3件，行政诉讼1件。", "review=3 litigation=1"},
	{"被申请行政复议2件，均维持原答复2件", "review=2 upheld=2"},
	// fees
	{"本年度收取信息处理费0元。", "fee=0"},
	{"收取信息处理费共计1250元", "fee=125000"},
	{"收取信息处理费0.125万元。", "fee=125000"},
	// table 二
	{"全年制发行政规范性文件5件，废止2件，现行有效行政规范性文件37件。", "norm-issued=5 norm-repealed=2 norm-valid=37"},
	{"印发规范性文件3件", "norm-issued=3"},
	{"本年度共出台4件规范性文件", "norm-issued=4"},
	{"作出行政许可决定126件，行政处罚12件，行政强制2件。", "licensing=126 punishment=12 coercion=2"},
	{"办理行政许可事项37件。", "licensing=37"},
	// what must not be read
	{"全年接受群众咨询231人次。", ""},
	{"答复咨询申请45件", ""},
	{"通过门户网站主动公开政府信息1234条。", ""},
	{"制发政策性文件6件", ""},
	{"网站访问量达12万人次", ""},
	{"开展政务公开培训3次，参训50人。", ""},
	{"2023年1月1日起至2023年12月31日止。", ""},
	{"公开栏更新12期。", ""},
	{"少数行政处罚决定未能在7个工作日内公开。", ""},
	{"全镇12个村的依申请公开工作", ""},
	{"本年度未收取信息处理费。", ""},
	{"发布政策解读材料10篇。", ""},
	{"依法依规做好依申请公开工作。", ""},
	{"公开财政预决算信息12条。", ""},
}

func TestClaimCorpus(t *testing.T) {
	if len(claimCorpus) < 40 {
		t.Fatalf("the corpus has %d sentences, want at least 40", len(claimCorpus))
	}
	for _, c := range claimCorpus {
		var got []string
		for _, cl := range Claims(c.sentence) {
			s := fmt.Sprintf("%s=%d", cl.Kind, cl.N)
			if cl.Pct >= 0 {
				s += fmt.Sprintf("@%g", cl.Pct)
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s\n  got  %q\n  want %q", c.sentence, g, c.want)
		}
	}
}

func TestChineseNumerals(t *testing.T) {
	for s, want := range map[string]int64{"三": 3, "十": 10, "十二": 12, "二十": 20, "两百零五": 205, "一千零一": 1001, "一万二千": 12000, "零": 0} {
		if n, ok := model.ParseChinese(s); !ok || n != want {
			t.Errorf("%s: %d %v, want %d", s, n, ok, want)
		}
	}
}
