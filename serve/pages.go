package serve

import (
	"html/template"
	"sync"

	"nianbao/i18n"
	"nianbao/model"
)

// stateText names a report state.
func stateText(l i18n.Lang, st string) string {
	t := map[string]i18n.Text{
		NotStarted: {Zh: "未开始", En: "not started"},
		Draft:      {Zh: "草稿", En: "draft"},
		Submitted:  {Zh: "已提交", En: "submitted"},
		Returned:   {Zh: "已退回", En: "returned"},
		Approved:   {Zh: "已通过", En: "approved"},
	}[st]
	return t.In(l)
}

var funcs = template.FuncMap{
	"t":        func(l i18n.Lang, zh, en string) string { return i18n.Text{Zh: zh, En: en}.In(l) },
	"state":    stateText,
	"textkeys": model.TextKeys,
	"textlabel": func(f *model.Format, key string, section int) string {
		return model.TextLabel(f, key, section)
	},
	"field":    func(fs Fields, k string) string { return fs[k] },
	"kinds":    model.OrganKinds,
	"en":       func(l i18n.Lang) bool { return l == i18n.En },
	"when":     func(r *Report) string { return r.Updated.Format("2006-01-02 15:04") },
	"gridhtml": gridHTML,
	"sub":      func(l i18n.Lang, data any) page { return page{L: l, Data: data} },
}

// pages are the templates: plain server-rendered HTML, no script, every input with a label
// (WCAG 2.1 SC 1.3.1, 3.3.2). html/template escapes every value by its context, so a name or a
// remark with markup in it shows as text. Parsed on first use, not at every command's start-up.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(funcs).Parse(pagesText + pageTemplates))
})

const pagesText = `
{{define "head"}}<!DOCTYPE html>
<html lang="{{if en .L}}en{{else}}zh-CN{{end}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · nianbao</title><link rel="stylesheet" href="/style.css"></head>
<body><header><nav aria-label="{{t .L "导航" "navigation"}}"><a href="/">{{t .L "政府信息公开年报填报" "nianbao serve"}}</a>
{{if en .L}}<a href="{{.Path}}?lang=zh" lang="zh-CN">中文</a>{{else}}<a href="{{.Path}}?lang=en" lang="en">English</a>{{end}}
{{with .User}}<span>{{.Name}}</span>
{{if ne .Role "clerk"}}<a href="/review">{{t $.L "审核" "Review"}}</a>{{end}}
{{if eq .Role "admin"}}<a href="/admin">{{t $.L "管理" "Administration"}}</a> <a href="/admin/audit">{{t $.L "操作记录" "Audit log"}}</a>{{end}}
<form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="{{.CSRF}}"><button type="submit">{{t $.L "退出" "Log out"}}</button></form>{{end}}
</nav></header>
<main><h1>{{.Title}}</h1>
{{if .Flash}}<p role="status" class="flash">{{.Flash}}</p>{{end}}{{end}}

{{define "foot"}}</main></body></html>{{end}}

{{define "message"}}{{template "head" .}}<p>{{.Data}}</p><p><a href="/">{{t .L "返回首页" "Home"}}</a></p>{{template "foot" .}}{{end}}

{{define "login"}}{{template "head" .}}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="{{.Data}}">
<p><label for="name">{{t .L "用户名" "Name"}}</label> <input id="name" name="name" autocomplete="username" required></p>
<p><label for="password">{{t .L "密码" "Password"}}</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">{{t .L "登录" "Log in"}}</button></p>
</form>{{template "foot" .}}{{end}}

{{define "setup"}}{{template "head" .}}
<p>{{t .L "账号" "Account"}}：{{.Data.Name}}</p>
<form method="post">
<p><label for="password">{{t .L "新密码（至少 10 个字符）" "New password (at least 10 characters)"}}</label> <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10"></p>
<p><label for="password2">{{t .L "再输入一次" "The same again"}}</label> <input id="password2" name="password2" type="password" autocomplete="new-password" required minlength="10"></p>
<p><button type="submit">{{t .L "设置密码并登录" "Set the password and log in"}}</button></p>
</form>{{template "foot" .}}{{end}}

{{define "admin"}}{{template "head" .}}{{$d := .Data}}
{{if $d.Link}}<section aria-labelledby="link-h"><h2 id="link-h">{{t .L "一次性设置链接" "One-time set-up link"}}</h2>
<p>{{t .L "请把下面的链接交给" "Hand this link to"}} {{$d.Who}}{{t .L "（7 天内有效，只能用一次）：" " (valid for 7 days, once):"}}</p>
<p><label for="link">{{t .L "链接" "Link"}}</label> <input id="link" readonly size="80" value="{{$d.Link}}"></p>
<p class="note">{{t .L "链接路径前加上本服务器的地址。" "Put this server's address before the path."}}</p></section>{{end}}
<section aria-labelledby="units-h"><h2 id="units-h">{{t .L "单位名单" "Units"}}（{{len $d.Units}}）</h2>
<ul>{{range $d.Units}}<li>{{.Name}}</li>{{end}}</ul>
<form method="post" action="/admin/units"><input type="hidden" name="csrf" value="{{$d.CSRF}}">
<p><label for="units">{{t .L "粘贴单位名单，每行一个" "Paste the unit list, one a line"}}</label><br><textarea id="units" name="units" rows="6" cols="40"></textarea></p>
<p><button type="submit">{{t .L "载入名单" "Load the list"}}</button></p></form>
<form method="post" action="/admin/units/upload" enctype="multipart/form-data"><input type="hidden" name="csrf" value="{{$d.CSRF}}">
<p><label for="units-file">{{t .L "或上传名单文件（.txt 每行一个单位；.xlsx 取“单位”或“单位名称”列，没有则取第一列）" "Or upload a list (.txt, one unit a line; .xlsx: the column headed 单位 or 单位名称, else the first)"}}</label> <input id="units-file" name="file" type="file" accept=".txt,.xlsx"> <button type="submit">{{t .L "上传名单" "Upload the list"}}</button></p></form></section>
<section aria-labelledby="users-h"><h2 id="users-h">{{t .L "账号" "Accounts"}}</h2>
<table><thead><tr><th scope="col">{{t .L "用户名" "Name"}}</th><th scope="col">{{t .L "角色" "Role"}}</th><th scope="col">{{t .L "单位" "Unit"}}</th></tr></thead><tbody>
{{range $d.Users}}<tr><td>{{.Name}}</td><td>{{.Role}}</td><td>{{index $d.Names .Unit}}</td></tr>{{end}}</tbody></table>
<form method="post" action="/admin/users"><input type="hidden" name="csrf" value="{{$d.CSRF}}">
<p><label for="uname">{{t .L "用户名" "Name"}}</label> <input id="uname" name="name" required maxlength="64"></p>
<p><label for="role">{{t .L "角色" "Role"}}</label> <select id="role" name="role">
<option value="clerk">{{t .L "单位填报员" "unit clerk"}}</option><option value="reviewer">{{t .L "审核员" "reviewer"}}</option><option value="admin">{{t .L "管理员" "administrator"}}</option></select></p>
<p><label for="unit">{{t .L "单位（填报员）" "Unit (clerks)"}}</label> <select id="unit" name="unit"><option value="">—</option>{{range $d.Units}}<option value="{{.ID}}">{{.Name}}</option>{{end}}</select></p>
<p><button type="submit">{{t .L "创建账号" "Create the account"}}</button></p></form></section>
{{template "foot" .}}{{end}}

{{define "audit"}}{{template "head" .}}
<p><a href="/admin/audit?format=csv">{{t .L "导出 CSV" "Export as CSV"}}</a></p>
<table><thead><tr><th scope="col">{{t .L "时间" "Time"}}</th><th scope="col">{{t .L "操作人" "Who"}}</th><th scope="col">{{t .L "报告" "Report"}}</th><th scope="col">{{t .L "项目" "Key"}}</th><th scope="col">{{t .L "原值" "Old"}}</th><th scope="col">{{t .L "新值" "New"}}</th></tr></thead><tbody>
{{range .Data}}<tr><td>{{.At.Format "2006-01-02 15:04:05"}}</td><td>{{.Who}}</td><td>{{.Unit}}{{if .Year}} {{.Year}}{{end}}</td><td>{{.Key}}</td><td>{{.Old}}</td><td>{{.New}}</td></tr>{{end}}</tbody></table>
{{template "foot" .}}{{end}}

{{define "dashboard"}}{{template "head" .}}
<p>{{t .L "只含已通过的单位：" "Approved units only: "}}<a href="/review/summary?year={{.Data.Year}}" id="dl-summary">{{t .L "汇总数据文件（.toml）" "the summary (.toml)"}}</a> · <a href="/review/summary.xlsx?year={{.Data.Year}}" id="dl-summary-xlsx">{{t .L "汇总工作簿（.xlsx）" "the district workbook (.xlsx)"}}</a> · <a href="/review/reports.zip?year={{.Data.Year}}" id="dl-zip">{{t .L "全部已通过的年报（PDF＋DOCX，zip）" "every approved report (PDF + DOCX, zip)"}}</a> · <a href="/review/reports.zip?year={{.Data.Year}}&amp;ofd=1" id="dl-zip-ofd">{{t .L "含 OFD" "with OFD"}}</a></p>
<form method="get" action="/review"><input type="hidden" name="year" value="{{.Data.Year}}">
<p><label for="state">{{t .L "只看状态" "Show only"}}</label> <select id="state" name="state"><option value="">{{t .L "全部" "all"}}</option>{{range .Data.States}}<option value="{{.}}" {{if eq . $.Data.Filter}}selected{{end}}>{{state $.L .}}</option>{{end}}</select> <button type="submit">{{t .L "筛选" "Filter"}}</button></p></form>
<table><thead><tr><th scope="col">{{t .L "单位" "Unit"}}</th><th scope="col">{{t .L "状态" "State"}}</th><th scope="col">{{t .L "错误" "Errors"}}</th><th scope="col">{{t .L "提醒" "Warnings"}}</th><th scope="col">{{t .L "最后修改" "Last change"}}</th></tr></thead><tbody>
{{range .Data.Rows}}<tr><th scope="row"><a href="/r/{{.Unit.ID}}/{{$.Data.Year}}">{{.Unit.Name}}</a></th><td class="st-{{.State}}">{{state $.L .State}}</td>
{{with .Report}}<td>{{.Errors}}</td><td>{{.Warnings}}</td><td>{{when .}} {{.UpdatedBy}}</td>{{else}}<td></td><td></td><td></td>{{end}}</tr>{{end}}
</tbody></table>
{{if .Data.Remind}}<p><label for="remind">{{t .L "尚未提交的单位（复制后发到工作群提醒）" "Units yet to submit (copy into a chat group as a reminder)"}}</label><br><textarea id="remind" readonly rows="6" cols="40">{{.Data.Remind}}</textarea></p>{{end}}
{{template "foot" .}}{{end}}

{{define "rmids"}}{{range $i, $r := .}}{{if $i}} {{end}}rm-{{$r.ID}}{{end}}{{end}}
{{define "remarks-at"}}{{with .Data}}<ul class="remarks-at">{{range .}}<li id="at-{{.ID}}"><a href="#rm-{{.ID}}">{{t $.L "意见" "Remark "}}{{.N}}</a>{{if .Part}}【{{.Part}}】{{end}}{{.Text}}</li>{{end}}</ul>{{end}}{{end}}

{{define "report"}}{{template "head" .}}{{$d := .Data}}{{$L := .L}}
<p>{{t .L "状态" "State"}}：<strong>{{state .L $d.State}}</strong>{{with $d.Report}}（{{t $L "第" "version "}}<span id="report-version">{{.Version}}</span>{{t $L " 版，" ", "}}{{when .}} {{.UpdatedBy}}）{{end}}
{{if $d.Report}} · <a href="/r/{{$d.Unit.ID}}/{{$d.Year}}/view">{{t .L "网页版" "As a web page"}}</a> · <a href="/r/{{$d.Unit.ID}}/{{$d.Year}}/file/toml">{{t .L "下载数据文件" "Download the data file"}}</a>{{if eq $d.State "approved"}} · <a href="/r/{{$d.Unit.ID}}/{{$d.Year}}/file/pdf">PDF</a> · <a href="/r/{{$d.Unit.ID}}/{{$d.Year}}/file/docx">DOCX</a> · <a href="/r/{{$d.Unit.ID}}/{{$d.Year}}/file/ofd">OFD</a>{{end}}{{end}}</p>
{{with $d.Report}}{{if .Explanation}}<p>{{t $L "填报单位对提醒的说明" "The unit's word on the warnings"}}：{{.Explanation}}</p>{{end}}{{end}}
{{if $d.Remarks}}<section aria-labelledby="remarks-h"><h2 id="remarks-h">{{t .L "审核意见" "Remarks"}}</h2><ol>{{range $d.Remarks}}<li id="rm-{{.ID}}">{{t $L "意见" "Remark "}}{{.N}}：{{.At.Format "2006-01-02 15:04"}} {{.Author}}：{{if .Part}}【{{.Part}}】{{end}}{{.Text}}</li>{{end}}</ol></section>{{end}}
{{if $d.Other}}<section aria-labelledby="other-h" class="conflict"><h2 id="other-h">{{t .L "上传文件的问题" "Problems of the uploaded file"}}</h2><ul>{{range $d.Other}}<li>{{.Text}}</li>{{end}}</ul></section>{{end}}
{{if $d.Lost}}<section aria-labelledby="lost-h" class="conflict"><h2 id="lost-h">{{t .L "您未保存的修改" "Your edits, not saved"}}</h2><ul>{{range $d.Lost}}<li>{{.Key}}：{{.Old}} → {{.New}}</li>{{end}}</ul></section>{{end}}
{{if $d.Edit}}<form method="post" action="/r/{{$d.Unit.ID}}/{{$d.Year}}/upload" enctype="multipart/form-data"><input type="hidden" name="csrf" value="{{$d.CSRF}}"><input type="hidden" name="version" value="{{$d.Version}}">
<p><label for="file">{{t .L "上传文件填表：统计工作簿（.xlsx）、数据文件（.toml）、Word 正文（.docx，替换六部分文字）或已公开的年报（PDF、DOCX、OFD、HTML）" "Fill in from a file: a statistics workbook (.xlsx), a data file (.toml), a Word narrative (.docx: replaces the text), or a published report (PDF, DOCX, OFD, HTML)"}}</label> <input id="file" name="file" type="file" accept=".xlsx,.toml,.docx,.pdf,.ofd,.html,.htm"></p>
<p><label for="upload-as">{{t .L "文件是" "The file is"}}</label> <select id="upload-as" name="as"><option value="">{{t .L "本年度的工作簿、数据文件或 Word 正文" "this year's workbook, data file or Word narrative"}}</option><option value="published">{{t .L "已公开的年报（上一年度的按“上年结转”带入本年度）" "a published report (last year's is carried on to this year)"}}</option></select> <button type="submit">{{t .L "上传" "Upload"}}</button></p></form>{{end}}
<div class="cols"><div class="form">
{{if $d.Edit}}<form method="post" action="/r/{{$d.Unit.ID}}/{{$d.Year}}/save" id="report-form" data-saving="{{t .L "正在保存…" "saving…"}}" data-offline="{{t .L "未保存：连不上服务器，请稍后再点“保存”" "not saved: the server cannot be reached; press Save again in a moment"}}"><input type="hidden" name="csrf" value="{{$d.CSRF}}"><input type="hidden" name="version" value="{{$d.Version}}">{{end}}
<fieldset {{if not $d.Edit}}disabled{{end}}><legend>{{t .L "基本信息" "The organ"}}</legend>
{{template "remarks-at" (sub $L ($d.RemarksAt "organ"))}}<p><label for="organ">{{t .L "机关全称" "Full name of the organ"}}</label> <input id="organ" name="organ" value="{{field $d.Fields "organ"}}" size="40"></p>
<p><label for="short_name">{{t .L "简称" "Short name"}}</label> <input id="short_name" name="short_name" value="{{field $d.Fields "short_name"}}"></p>
<p><label for="kind">{{t .L "机关类型" "Kind of organ"}}</label> <input id="kind" name="kind" value="{{field $d.Fields "kind"}}"></p>
<p><label for="date">{{t .L "成文日期" "Date"}}</label> <input id="date" name="date" type="date" value="{{field $d.Fields "date"}}"></p>
</fieldset>
{{range textkeys}}{{$at := $d.RemarksAt (printf "text.%s" .Key)}}<p><label for="text.{{.Key}}">{{textlabel $d.Format .Key .Section}}</label><br><textarea id="text.{{.Key}}" name="text.{{.Key}}" rows="4" cols="60" data-paste {{if not $d.Edit}}readonly{{end}}{{with $at}} aria-describedby="{{range $i, $r := .}}{{if $i}} {{end}}at-{{$r.ID}}{{end}}"{{end}}>{{field $d.Fields (printf "text.%s" .Key)}}</textarea></p>{{template "remarks-at" (sub $L $at)}}{{end}}
{{range $tv := $d.Tables}}{{template "remarks-at" (sub $L ($d.RemarksAt $tv.Key))}}{{gridhtml $tv $d.Edit $L}}{{end}}
{{if $d.Edit}}<p><button type="submit">{{t .L "保存" "Save"}}</button></p></form>
<form method="post" action="/r/{{$d.Unit.ID}}/{{$d.Year}}/submit"><input type="hidden" name="csrf" value="{{$d.CSRF}}"><input type="hidden" name="version" value="{{$d.Version}}">
<p><label for="explanation">{{t .L "对提醒的说明（有提醒时必填，一行）" "Your word on the warnings (needed when there are any; one line)"}}</label> <input id="explanation" name="explanation" size="60" maxlength="200"></p>
<p><button type="submit">{{t .L "提交审核" "Submit for review"}}</button></p></form>{{end}}
{{if $d.Review}}<form method="post" action="/r/{{$d.Unit.ID}}/{{$d.Year}}/approve"><input type="hidden" name="csrf" value="{{$d.CSRF}}"><input type="hidden" name="version" value="{{$d.Version}}"><p><button type="submit">{{t .L "通过" "Approve"}}</button></p></form>
<form method="post" action="/r/{{$d.Unit.ID}}/{{$d.Year}}/return"><input type="hidden" name="csrf" value="{{$d.CSRF}}"><input type="hidden" name="version" value="{{$d.Version}}">
<p><label for="part">{{t .L "意见针对" "About"}}</label> <select id="part" name="part"><option value="">{{t .L "整份报告" "the whole report"}}</option>{{range $d.Parts}}<optgroup label="{{.Label}}">{{range .Parts}}<option value="{{.Key}}">{{.Label}}</option>{{end}}</optgroup>{{end}}</select></p>
<p><label for="remark">{{t .L "退回意见（可先逐条“记下意见”，再退回）" "Remark (keep several with “Keep the remark”, then return)"}}</label><br><textarea id="remark" name="remark" rows="3" cols="60"></textarea></p>
<p><button type="submit">{{t .L "退回修改" "Return"}}</button> <button type="submit" id="keep-remark" formaction="/r/{{$d.Unit.ID}}/{{$d.Year}}/remark">{{t .L "记下意见，继续审核" "Keep the remark, go on reviewing"}}</button></p></form>{{end}}
</div><aside aria-labelledby="findings-h" id="findings-side" tabindex="0" data-check="/r/{{$d.Unit.ID}}/{{$d.Year}}/check"><h2 id="findings-h">{{t .L "检查结果" "Findings"}}：<span id="findings-count" data-template="{{t .L "{e} 个错误，{w} 个提醒" "{e} errors, {w} warnings"}}">{{$d.Errors}} {{t .L "个错误" "errors"}}，{{$d.Warnings}} {{t .L "个提醒" "warnings"}}</span></h2>
<p class="note" id="findings-live" aria-live="polite" data-unsaved="{{t .L "（按尚未保存的内容检查）" "(of what is typed, not saved yet)"}}"></p>
<ul id="findings" data-error="{{t .L "错误" "Error"}}" data-warning="{{t .L "提醒" "Warning"}}">{{template "findings" (sub $L $d.Findings)}}</ul></aside>
<aside aria-labelledby="preview-h" id="preview-side" tabindex="0"><h2 id="preview-h">{{t .L "预览" "Preview"}}</h2>
{{if $d.Report}}<p><a href="/r/{{$d.Unit.ID}}/{{$d.Year}}/preview">{{t .L "打开排版后的页面" "Open the laid-out pages"}}</a>{{t .L "（按已保存的内容）" " (as saved)"}}</p>
<div id="preview-pages" data-src="/r/{{$d.Unit.ID}}/{{$d.Year}}/preview?fragment=1&amp;v={{$d.Version}}"></div>{{else}}<p class="note">{{t .L "保存后可预览排版后的页面" "Save to see the laid-out pages"}}</p>{{end}}</aside></div>
<script src="/form.js"></script>
{{template "foot" .}}{{end}}
`

const css = `body{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}
header{background:#8b1a1a;color:#fff;padding:.5em 1em}header a,header span{color:#fff;margin-right:1em}
main{padding:1em}form.inline{display:inline}.flash{white-space:pre-line;background:#fff4d6;border:1px solid #b58900;padding:.5em}
.cols{display:grid;gap:1em;grid-template-columns:minmax(0,3fr) minmax(12em,1fr) minmax(12em,1fr);align-items:start}.cols>*{min-width:0}.form{overflow-x:auto}
@media (max-width:1100px){.cols{grid-template-columns:1fr}}aside{position:sticky;top:0;max-height:100vh;overflow:auto}
table.grid th{font-size:.8em;font-weight:normal}table.grid td.note{font-size:.75em}table.grid td{padding:.1em}table.grid input{width:3.2em}
table.grid td.sum input{background:#eee;border:1px solid #bbb}td.chk{text-align:center;font-weight:bold}tr.checks th,tr.checks td{background:#f6f6f6}
td.remarked{outline:2px solid #a00000}td.flag-error{background:#fcd4d4}td.flag-warning{background:#fff0c0}a.rmk{display:block;font-size:.7em;color:#a00000}ul.remarks-at{color:#a00000;margin:.2em 0}
img.page{width:100%;box-sizing:border-box;border:1px solid #999;margin-bottom:.5em;background:#fff}.pages img.page{max-width:50em}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:.2em .4em;text-align:left;vertical-align:top}
caption{font-weight:bold;text-align:left}.cell{display:inline-block;margin:.1em .3em}.cell span{font-size:.8em;display:block}
li.error{color:#a00000}li.warning{color:#6b4e00}.conflict{border:2px solid #a00000;padding:.5em}
.st-none{color:#a00000;font-weight:bold}.note{font-size:.9em;color:#444}
button{padding:.3em 1em}:focus{outline:3px solid #005fcc}`
