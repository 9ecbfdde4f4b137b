package check

import (
	"strings"

	"nianbao/internal/lazy"
)

// The ways a report says whether, or how much, it charged for information (R10, 国办公开办函
// 〔2021〕30号 六; 政府信息公开信息处理费管理办法, 国办函〔2020〕109号). A sentence states it when
//   - it names 信息处理费 (or 信息处理费用) with a word of the situation: a negation (未, 没有, 无,
//     不, 不存在 …), an event (收取, 产生, 发生, 涉及), or an amount (0, 零, … 元);
//   - or, without naming the fee, it says no fee was charged or arose — 未收取任何费用, 均未收费,
//     无收费情况, 未产生费用, 不涉及收费 — the words of the statement ending there, so that
//     无收费公路 is not read as one;
//   - or it gives the amount charged: 收费0元, 收取费用120元, 费用为零.
//
// Other fees a report speaks of (行政事业性收费, table 二's row; 乱收费; 收费公路 …) are blanked out
// before the general forms are tried: "行政事业性收费0元" says nothing of information fees.
var (
	feeNamed  = lazy.Regexp(`信息处理费`)
	feeStated = lazy.Regexp(`未|没|无|不|免|零|〇|[0-9０-９]|收取|收费|产生|发生|涉及|元`)
	feeOther  = lazy.Regexp(`行政事业性收费|经营服务性收费|涉企收费|乱收费|收费公路|收费站|收费标准|收费项目|收费目录|收费清单|停车[^。；，]{0,2}费|门票|学费|医疗[^。；，]{0,2}费|水电[^。；，]{0,2}费|物业[^。；，]{0,2}费|工资|经费`)
	feeNone   = lazy.Regexp(
		// no fee charged: 未收取任何费用, 没有向申请人收取费用, 一律不收费, 均未收费, 免收费用,
		// 未收取检索、复制、邮寄等费用
		`(?:未|没有|没|不|无|免)(?:曾|再|予|予以)?(?:向(?:申请人|申请者|群众|公民)[^。；，]{0,6})?(?:收取|收)(?:过|到)?(?:申请人)?` +
			`(?:任何|相关|一切|的|政府信息公开|信息公开|依申请公开|处理|检索|复制|邮寄|、|等)*费` +
			// no fee event: 未发生收费的情况, 没有产生费用, 无收费情况, 未涉及收费, 不存在收取费用的情况
			`|(?:未|没有|没|无|不存在|不涉及|未曾)(?:发生|产生|出现|涉及|存在)?(?:过)?(?:收取)?(?:任何)?(?:相关)?(?:的)?(?:收费|费用|缴费|交费)(?:的)?(?:情况|情形|现象|行为|事项|问题)?(?:[。；，、！!,;\s]|$)` +
			// nothing to pay: 申请人无需缴纳任何费用
			`|(?:无需|无须|不需|不用)(?:缴纳|交纳|支付|承担)(?:任何)?(?:相关)?费` +
			// an amount: 收费0元, 收取费用共计 120 元 (PDF text has spaces around numbers), 费用为零, 零收费
			`|(?:收费|收取费用|收取)(?:金额|总额)?(?:为|共|共计|合计|计)?\s*(?:[0-9０-９][0-9０-９.,]*\s*元?|零元?|〇元?)|费用(?:金额)?为\s*(?:[0０]|零|〇)|零收费`)
)

// feeStatement reports whether a sentence states the information fee situation (feeNamed …).
func feeStatement(s string) bool {
	if feeNamed().MatchString(s) {
		return feeStated().MatchString(strings.ReplaceAll(s, "信息处理费", ""))
	}
	return feeNone().MatchString(feeOther().ReplaceAllString(s, "□"))
}
