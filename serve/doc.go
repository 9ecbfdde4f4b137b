// Package serve is nianbao serve, the district's web application: a web front over the same
// datafile → check → pipeline build path the command line takes. Units' clerks fill in their
// report as a form (kept as the TOML data file in an embedded SQLite database), the findings of
// check beside it; reviewers return or approve; approved reports are built by pipeline.Write.
//
// Security model: accounts with roles (administrator, reviewer, unit clerk), argon2id
// passwords, one-time set-up links, sessions in HttpOnly SameSite=Strict cookies, a CSRF token on
// every change, login throttling, rights checked on every route server-side, random IDs, and
// an audit log of every change in the same transaction as the change. The pages run one script,
// /form.js (Content-Security-Policy script-src 'self', nothing inline); every page works without it.
//
// # Routes (stable: browser tests and cmd/nbload use them)
//
// Every POST carries the session's CSRF token in the form field csrf (the hidden input
// name="csrf" on every page); a change to a report carries the version it started from in
// version. UNIT is a unit's random ID, YEAR the reporting year. A clerk asking for another unit's
// report gets 404 (the same as for a unit that does not exist); a role that may not gets 403.
//
//	GET  /login, POST /login              name, password (+ csrf from the login page)
//	GET  /setup/TOKEN, POST /setup/TOKEN  password, password2
//	POST /logout
//	GET  /admin                           administrator: units, accounts
//	POST /admin/units                     units: the list pasted (one a line; a spreadsheet range with tabs and a heading)
//	POST /admin/units/upload              file: 名单 .txt (UTF-8) or .xlsx (column 单位/单位名称, else the first)
//	POST /admin/users                     name, role (clerk|reviewer|admin), unit (UNIT, for a clerk)
//	GET  /admin/audit[?format=csv]
//	GET  /review[?year=&state=]           reviewer/administrator: the dashboard
//	GET  /review/summary?year=            the district summary (TOML) of approved reports
//	GET  /review/summary.xlsx?year=       the district workbook (workbook.District: 各单位情况, 汇总, 缺报与名单外), approved only
//	GET  /review/reports.zip?year=[&ofd=1]  every approved report as YEAR-UNIT.pdf/.docx (/.ofd), one zip
//	GET  /r/UNIT/YEAR                     the report page (the form for its clerk)
//	POST /r/UNIT/YEAR/save                clerk: the form's fields (below) + version; redirects to the page (done=saved).
//	                                      With Accept: application/json (form.js) the same save answers JSON instead:
//	                                      the findings' shape {version, state, errors, warnings, findings, html} of
//	                                      what was stored + saved, message (the flash), text (sections cleaned, R14);
//	                                      409 {saved:false, message, lost:[{key, old, new}], the stored version's
//	                                      findings}; any refusal (401, 403, 404, 409) is {error}
//	POST /r/UNIT/YEAR/check               clerk: the same fields, not saved → findings JSON
//	GET  /r/UNIT/YEAR/findings[?format=html]  findings JSON {version, state, errors, warnings, findings:[{error, text}], html}
//	GET  /r/UNIT/YEAR/preview[?fragment=1]    the laid-out pages as <img class="page"> (fragment: only those)
//	GET  /r/UNIT/YEAR/page/N              page N as SVG (image/svg+xml)
//	POST /r/UNIT/YEAR/upload              clerk: file + version [+ as=published]: a workbook (.xlsx) or data file
//	                                      (.toml) fills everything; a Word narrative (.docx) the six sections; a
//	                                      published report (.pdf .ofd .html, or .docx with as=published) of
//	                                      YEAR-1 is carried on (init --from), of YEAR taken as it is
//	POST /r/UNIT/YEAR/submit              clerk: explanation (one line, needed with warnings) + version
//	POST /r/UNIT/YEAR/remark              reviewer, submitted: part, remark + version — kept, not sent back yet
//	POST /r/UNIT/YEAR/return              reviewer: part, remark (may be empty when remarks were kept) + version
//	POST /r/UNIT/YEAR/approve             reviewer: version
//	GET  /r/UNIT/YEAR/view                the HTML edition
//	GET  /r/UNIT/YEAR/file/{toml,pdf,docx,ofd}   pdf, docx, ofd of an approved report (409 otherwise, 503 without fonts)
//
// # The form's fields (POST save and check)
//
//	organ, short_name, kind, date (YYYY-MM-DD)
//	text.opening, text.overview, text.active, text.applications, text.appeals, text.problems, text.other
//	tableN.ROWKEY#COL for a table cell: table2.regulations#0, table3.new#0 … table3.new#6 (#6 总计),
//	  table3.results.granted#0, table3.results.denied.state_secret#0, table3.carried_forward#0,
//	  table4.review#0 … table4.litigation_after_review#4 (model's row keys; COL from 0)
//
// The computed cells — each row's 总计 (table3.*#6, table4.*#4) and the sum row
// table3.results.total#* — are read-only inputs with data-sum (the names they add up): the server
// ignores what a form sends for them and stores them computed from the others (left out, for
// datafile to complete, when a term is not a number); form.js shows them as one types.
// /form.js is served to anyone (GET, no session).
//
// # Element ids and selectors of the report page
//
//	#report-form                  the form (save); button[type=submit] inside it saves
//	#file, #upload-as             the upload's file input and its select (as), in form[action$="/upload"]
//	#explanation, form[action$="/submit"] button
//	#part, #remark, form[action$="/return"] button (return), #keep-remark (the same form, to /remark),
//	  form[action$="/approve"] button. part is a key: "" the whole report, organ, text.KEY, text.KEY@N
//	  (the N-th line of the section, 1-based), tableN, or a cell's field name (table3.new#0); a click on
//	  a read-only cell or section chooses it (form.js)
//	td.remarked                   a cell with a remark of the last review: its input aria-describedby="rm-ID",
//	                              a.rmk (意见N) links to li#rm-ID in the list (section remarks-h);
//	                              under a section ul.remarks-at li#at-ID; above a table the same
//	#table-二, #table-三, #table-四    the tables; input[name="table3.new#0"] a cell
//	td.chk[data-l][data-r]        a ✓/✗ (✓ holds, ✗ not, ？ a term is not a number): under 表三 R1
//	                              (data-l="table3.new#C table3.carried_over#C") and R3, beside it R2, under 表四 R4
//	#findings-side, #findings-count, #findings (li.error, li.warning), #findings-live (set after a live check)
//	#preview-side, #preview-pages (img.page once loaded)
//	.flash[role=status]           the message after an action (已保存, 已提交审核, 已退回, 已通过, errors);
//	                              form.js saves without loading the page again and writes 已保存 there itself
//	#report-version               the version shown in the state line (form.js updates it, and every version input)
//	textarea[name="text.KEY"]     a section (id text.KEY); on save each line becomes a paragraph, cleaned as R14 fixes
//	#other-h                      "上传文件的问题": a refused upload's findings, or a published import's notes
//
// The dashboard (/review): #state (filter), #remind (the list to copy), #dl-summary, #dl-summary-xlsx,
// #dl-zip, #dl-zip-ofd (the downloads above).
//
// The administrator's page: #units (paste) with form[action="/admin/units"], #units-file with
// form[action="/admin/units/upload"], #uname, #role, #unit with form[action="/admin/users"],
// #link (a new set-up link).
package serve
