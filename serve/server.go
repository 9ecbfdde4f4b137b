package serve

import (
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/model"
	"nianbao/pipeline"
	"nianbao/theme"
)

// Config is what a Server needs.
type Config struct {
	Store *Store
	// Now is the clock (time.Now when nil); tests move it.
	Now func() time.Time
	// Secure marks cookies Secure: set when the server speaks TLS (or sits behind a TLS proxy).
	Secure bool
	// Setup gives the theme and fonts for building PDF and DOCX; nil: no builds.
	Setup func() (*theme.Theme, *fonts.Set, error)
	// BehindProxy: the server sits behind a reverse proxy that terminates TLS and appends the
	// client's address to X-Forwarded-For. Then that last address is the client's (for the login
	// throttle) and cookies are Secure. Without it no forwarded header is trusted: a client could
	// write any.
	BehindProxy bool
	// Log receives server-side errors (the person sees a plain message); nil: the standard logger.
	Log *log.Logger
}

// Server is the web application.
type Server struct {
	cfg      Config
	store    *Store
	throttle throttle
	mux      *http.ServeMux

	checkMu sync.Mutex
	checked map[[32]byte]checked // a data file's report and findings by its SHA-256 (validated)

	laid   pagesCache  // the preview's pages (live.go)
	fields fieldsCache // the form's fields of data files (fieldscache.go)
}

// checked is a data file decoded and checked (validate).
type checked struct {
	report   *model.Report // nil when it does not decode
	findings []check.Finding
}

// maxChecked bounds the findings cache: a district's reports, each in a version or two.
const maxChecked = 512

// findings are the findings of a data file (validated).
func (s *Server) findings(data string) []check.Finding {
	_, fs := s.validated(data)
	return fs
}

// validated is a data file decoded and checked (validate), from the cache when the same text
// was checked before: a save checks the data, the page after it shows the same data's findings,
// and so does the next page load — one check instead of three (nbload). The report is shared:
// read it, never change it.
func (s *Server) validated(data string) (*model.Report, []check.Finding) {
	key := sha256.Sum256([]byte(data))
	s.checkMu.Lock()
	c, ok := s.checked[key]
	s.checkMu.Unlock()
	if ok {
		return c.report, c.findings
	}
	c.report, c.findings = validate(data)
	if len(data) > maxCachedData {
		return c.report, c.findings
	}
	s.checkMu.Lock()
	if len(s.checked) >= maxChecked {
		clear(s.checked)
	}
	s.checked[key] = c
	s.checkMu.Unlock()
	return c.report, c.findings
}

// MaxForm bounds a request body: a whole report form with its six sections.
const MaxForm = 2 << 20

// Cookie names.
const (
	sessionCookie = "nianbao_session"
	loginCookie   = "nianbao_login"
	langCookie    = "nianbao_lang"
)

// New makes the server's handler.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Secure = cfg.Secure || cfg.BehindProxy
	if cfg.Log == nil {
		cfg.Log = log.New(os.Stderr, "nianbao serve: ", log.LstdFlags)
	}
	s := &Server{cfg: cfg, store: cfg.Store, mux: http.NewServeMux(), checked: map[[32]byte]checked{}}
	m := s.mux
	m.HandleFunc("GET /{$}", s.home)
	m.HandleFunc("GET /style.css", s.style)
	m.HandleFunc("GET /form.js", s.script)
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.loginPost)
	m.HandleFunc("GET /setup/{token}", s.setupPage)
	m.HandleFunc("POST /setup/{token}", s.setupPost)
	m.HandleFunc("POST /logout", s.with("", s.logout))
	m.HandleFunc("GET /admin", s.with(Admin, s.adminPage))
	m.HandleFunc("POST /admin/units", s.with(Admin, s.addUnits))
	m.HandleFunc("POST /admin/units/upload", s.with(Admin, s.uploadUnits))
	m.HandleFunc("POST /admin/users", s.with(Admin, s.addUser))
	m.HandleFunc("GET /admin/audit", s.with(Admin, s.auditPage))
	m.HandleFunc("GET /review", s.with(Reviewer, s.dashboard))
	m.HandleFunc("GET /review/summary", s.with(Reviewer, s.summary))
	m.HandleFunc("GET /review/summary.xlsx", s.with(Reviewer, s.summaryBook))
	m.HandleFunc("GET /review/reports.zip", s.with(Reviewer, s.reportsZip))
	m.HandleFunc("GET /r/{unit}/{year}", s.with("", s.reportPage))
	m.HandleFunc("POST /r/{unit}/{year}/save", s.with(Clerk, s.save))
	m.HandleFunc("POST /r/{unit}/{year}/submit", s.with(Clerk, s.submit))
	m.HandleFunc("POST /r/{unit}/{year}/return", s.with(Reviewer, s.review(Returned)))
	m.HandleFunc("POST /r/{unit}/{year}/remark", s.with(Reviewer, s.remark))
	m.HandleFunc("POST /r/{unit}/{year}/approve", s.with(Reviewer, s.review(Approved)))
	m.HandleFunc("POST /r/{unit}/{year}/upload", s.with(Clerk, s.upload))
	m.HandleFunc("GET /r/{unit}/{year}/view", s.with("", s.reportHTML))
	m.HandleFunc("GET /r/{unit}/{year}/file/{kind}", s.with("", s.download))
	m.HandleFunc("GET /r/{unit}/{year}/findings", s.with("", s.findingsPage))
	m.HandleFunc("POST /r/{unit}/{year}/check", s.with(Clerk, s.checkForm))
	m.HandleFunc("GET /r/{unit}/{year}/preview", s.with("", s.preview))
	m.HandleFunc("GET /r/{unit}/{year}/page/{n}", s.with("", s.pageSVG))
	return s
}

// ServeHTTP sets the security headers every answer has, bounds the body and refuses
// cross-site state changes, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer") // set-up links carry their token in the path
	// Our one script file and nothing else (no inline script, nothing from elsewhere): an
	// injected tag cannot run or call out.
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		limit := int64(MaxForm)
		if strings.HasSuffix(r.URL.Path, "/upload") {
			limit = MaxUpload
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		// Fetch metadata (sent by every current browser): a request started by another site is
		// refused before it reaches a handler; the CSRF token is the check that does not rely on it.
		if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
			http.Error(w, "cross-site request refused", http.StatusForbidden)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// lang is the language of a request: ?lang=en or =zh (remembered in a cookie), else the cookie.
func (s *Server) lang(w http.ResponseWriter, r *http.Request) i18n.Lang {
	if q := r.URL.Query().Get("lang"); q == "en" || q == "zh" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: q, Path: "/", SameSite: http.SameSiteStrictMode, Secure: s.cfg.Secure, MaxAge: 365 * 24 * 3600})
		return i18n.Parse(q)
	}
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return i18n.En
	}
	return i18n.Zh
}

// user is the logged-in user of a request, or nil.
func (s *Server) user(r *http.Request) *User {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	u, err := s.store.session(c.Value, s.cfg.Now())
	if err != nil {
		return nil
	}
	return u
}

type handler func(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang)

// with is the door of every route behind the login: a session (else to the login page), the
// role (Reviewer admits the administrator too; Clerk admits clerks only; "" anyone logged in),
// and on a POST the session's CSRF token.
func (s *Server) with(role string, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l := s.lang(w, r)
		u := s.user(r)
		if u == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
			} else {
				s.fail(w, r, l, http.StatusUnauthorized, i18n.F("请先登录", "please log in first"))
			}
			return
		}
		if r.Method == http.MethodPost {
			if err := parseBody(r); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					s.fail(w, r, l, http.StatusRequestEntityTooLarge, i18n.F("提交的内容超过 %d MB，未保存", "what was sent is over %d MB and was not saved", tooBig.Limit>>20))
					return
				}
			}
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(u.CSRF)) != 1 {
				s.fail(w, r, l, http.StatusForbidden, i18n.F("表单已过期或来源不明（CSRF），请重新打开页面再提交", "the form is stale or not ours (CSRF): reload the page and send it again"))
				return
			}
		}
		ok := false
		switch role {
		case "":
			ok = true
		case Admin, Clerk:
			ok = u.Role == role
		case Reviewer:
			ok = u.Role == Reviewer || u.Role == Admin
		}
		if !ok {
			s.fail(w, r, l, http.StatusForbidden, i18n.F("您的账号无权进行此操作", "your account may not do this"))
			return
		}
		h(w, r, u, l)
	}
}

// page is what every template gets.
type page struct {
	L     i18n.Lang
	User  *User
	Title string
	Path  string // for the language switch
	Flash string
	Data  any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Path = r.URL.Path
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := pages().ExecuteTemplate(w, name, p); err != nil {
		s.cfg.Log.Printf("template %s: %v", name, err)
	}
}

// fail answers with a plain page saying what went wrong.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, l i18n.Lang, status int, msg i18n.Text) {
	if wantsJSON(r) {
		answerJSON(w, status, errorJSON{Error: msg.In(l)})
		return
	}
	s.render(w, r, status, "message", page{L: l, User: s.user(r), Title: http.StatusText(status), Data: msg.In(l)})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, l i18n.Lang) {
	s.fail(w, r, l, http.StatusNotFound, i18n.F("没有这个页面", "no such page"))
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, l i18n.Lang, err error) {
	s.cfg.Log.Printf("%s %s: %v", r.Method, r.URL.Path, err)
	s.fail(w, r, l, http.StatusInternalServerError, i18n.F("服务器内部错误，已记录", "internal error; it has been logged"))
}

func (s *Server) style(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	io.WriteString(w, css)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u := s.user(r)
	switch {
	case u == nil:
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	case u.Role == Admin:
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
	case u.Role == Reviewer:
		http.Redirect(w, r, "/review", http.StatusSeeOther)
	default:
		http.Redirect(w, r, fmt.Sprintf("/r/%s/%d", u.Unit, datafile.ReportingYear(s.cfg.Now())), http.StatusSeeOther)
	}
}

// clientIP is the address a request came from: the connection's, or behind a proxy (only when
// told so) the last address of X-Forwarded-For, the one the proxy itself appended — the earlier
// ones are the client's to write.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.BehindProxy {
		xff := r.Header.Values("X-Forwarded-For")
		if len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip := net.ParseIP(strings.TrimSpace(last)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	tok := token()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: tok, Path: "/login", HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode})
	s.render(w, r, http.StatusOK, "login", page{L: l, Title: i18n.F("登录", "Log in").In(l), Data: tok})
}

func (s *Server) loginPost(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	// login CSRF: the form must carry the token of the cookie the login page set (double submit)
	c, err := r.Cookie(loginCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		s.fail(w, r, l, http.StatusForbidden, i18n.F("表单已过期（CSRF），请重新打开登录页", "the form is stale (CSRF): open the login page again"))
		return
	}
	name, pw := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	now := s.cfg.Now()
	keys := []string{"user:" + name, "ip:" + s.clientIP(r)}
	if s.throttle.blocked(now, keys...) {
		s.fail(w, r, l, http.StatusTooManyRequests, i18n.F("登录失败次数过多，请 %d 分钟后再试", "too many failed logins: try again in %d minutes", int(FailWindow.Minutes())))
		return
	}
	u, ok := s.store.login(name, pw)
	if !ok {
		s.throttle.fail(now, keys...)
		tok := token()
		http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: tok, Path: "/login", HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode})
		s.render(w, r, http.StatusUnauthorized, "login", page{L: l, Title: i18n.F("登录", "Log in").In(l), Data: tok,
			Flash: i18n.F("用户名或密码不对", "wrong name or password").In(l)})
		return
	}
	s.startSession(w, r, l, u)
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, l i18n.Lang, u *User) {
	tok, err := s.store.newSession(u, s.cfg.Now())
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(SessionLifetime.Seconds())})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.store.endSession(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// MinPassword is the shortest password taken (NIST SP 800-63B §5.1.1.2: at least 8; we ask 10).
const MinPassword = 10

func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	u, err := s.store.setupUser(r.PathValue("token"), s.cfg.Now())
	if err != nil {
		s.fail(w, r, l, http.StatusNotFound, i18n.F("设置链接无效或已过期，请向管理员要新的链接", "the set-up link is not valid or has expired: ask the administrator for a new one"))
		return
	}
	s.render(w, r, http.StatusOK, "setup", page{L: l, Title: i18n.F("设置密码", "Set your password").In(l), Data: u})
}

func (s *Server) setupPost(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	tok := r.PathValue("token")
	u, err := s.store.setupUser(tok, s.cfg.Now())
	if err != nil {
		s.fail(w, r, l, http.StatusNotFound, i18n.F("设置链接无效或已过期，请向管理员要新的链接", "the set-up link is not valid or has expired: ask the administrator for a new one"))
		return
	}
	pw := r.PostFormValue("password")
	var msg *i18n.Text
	switch {
	case utf8.RuneCountInString(pw) < MinPassword:
		t := i18n.F("密码至少 %d 个字符", "the password needs at least %d characters", MinPassword)
		msg = &t
	case len(pw) > 256:
		t := i18n.F("密码太长", "the password is too long")
		msg = &t
	case pw != r.PostFormValue("password2"):
		t := i18n.F("两次输入的密码不一致", "the two passwords differ")
		msg = &t
	}
	if msg != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "setup", page{L: l, Title: i18n.F("设置密码", "Set your password").In(l), Data: u, Flash: msg.In(l)})
		return
	}
	u, err = s.store.finishSetup(tok, pw, s.cfg.Now())
	if err != nil {
		s.fail(w, r, l, http.StatusNotFound, i18n.F("设置链接已用过", "the set-up link has been used"))
		return
	}
	s.store.Log(u.Name, "password", "", "set", s.cfg.Now())
	s.startSession(w, r, l, u)
}

type adminData struct {
	CSRF  string
	Units []Unit
	Users []User
	Names map[string]string // unit id → name
	Link  string            // a new set-up link to hand over
	Who   string
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	s.renderAdmin(w, r, u, l, http.StatusOK, "", "", "")
}

func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang, status int, flash, link, who string) {
	units, err := s.store.Units()
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	users, err := s.store.Users()
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	names := map[string]string{}
	for _, un := range units {
		names[un.ID] = un.Name
	}
	s.render(w, r, status, "admin", page{L: l, User: u, Title: i18n.F("管理", "Administration").In(l), Flash: flash,
		Data: adminData{CSRF: u.CSRF, Units: units, Users: users, Names: names, Link: link, Who: who}})
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	name, role, unit := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("role"), r.PostFormValue("unit")
	if role != Clerk {
		unit = ""
	}
	_, setup, err := s.store.CreateUser(name, role, unit, s.cfg.Now())
	if err == nil {
		s.store.Log(u.Name, "account "+name, "", accountText(role, unit, s.store), s.cfg.Now())
	}
	if err != nil {
		msg := i18n.F("账号未能创建：请填写用户名（最多 64 字）、选择角色，填报员还要选择单位", "the account was not made: give a name (at most 64 characters), a role, and for a clerk the unit")
		if errors.Is(err, ErrExists) {
			msg = i18n.F("用户名“%s”已有人使用", "the name %q is taken", name)
		}
		s.renderAdmin(w, r, u, l, http.StatusUnprocessableEntity, msg.In(l), "", "")
		return
	}
	s.renderAdmin(w, r, u, l, http.StatusOK, "", SetupPath(setup), name)
}

// SetupPath is the path of a set-up link.
func SetupPath(tok string) string { return "/setup/" + tok }

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	cs, err := s.store.Audit("", 100_000)
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="audit.csv"`)
		io.WriteString(w, "\ufeff") // Excel and WPS read UTF-8 CSV by its BOM
		cw := csv.NewWriter(w)
		cw.Write([]string{"time", "who", "unit", "year", "key", "old", "new"})
		for _, c := range cs {
			year := ""
			if c.Year != 0 {
				year = strconv.Itoa(c.Year)
			}
			cw.Write([]string{c.At.Format(time.RFC3339), csvSafe(c.Who), csvSafe(c.Unit), year, csvSafe(c.Key), csvSafe(c.Old), csvSafe(c.New)})
		}
		cw.Flush()
		return
	}
	s.render(w, r, http.StatusOK, "audit", page{L: l, User: u, Title: i18n.F("操作记录", "Audit log").In(l), Data: cs})
}

// csvSafe keeps a spreadsheet from reading a value as a formula (OWASP: CSV injection).
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

type dashRow struct {
	Unit   Unit
	Report *Report
	State  string
}

func (s *Server) year(r *http.Request) (int, bool) {
	y := r.PathValue("year")
	if y == "" {
		y = r.URL.Query().Get("year")
	}
	if y == "" {
		return datafile.ReportingYear(s.cfg.Now()), true
	}
	n, err := strconv.Atoi(y)
	return n, err == nil && n >= 2000 && n <= 2200
}

// yearReports reads the year a request names, the units and their reports of that year; it
// answers the request itself (not found, internal error) when it cannot.
func (s *Server) yearReports(w http.ResponseWriter, r *http.Request, l i18n.Lang) (int, []Unit, map[string]*Report, bool) {
	year, ok := s.year(r)
	if !ok {
		s.notFound(w, r, l)
		return 0, nil, nil, false
	}
	units, err := s.store.Units()
	if err != nil {
		s.internal(w, r, l, err)
		return 0, nil, nil, false
	}
	reps, err := s.store.Reports(year)
	if err != nil {
		s.internal(w, r, l, err)
		return 0, nil, nil, false
	}
	return year, units, reps, true
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	year, units, reps, ok := s.yearReports(w, r, l)
	if !ok {
		return
	}
	var rows, started []dashRow
	for _, un := range units {
		rep := reps[un.ID]
		if rep == nil {
			rows = append(rows, dashRow{Unit: un, State: NotStarted}) // the missing ones at the top
		} else {
			started = append(started, dashRow{Unit: un, Report: rep, State: rep.State})
		}
	}
	rows = append(rows, started...)
	// the remind list: every unit that has not submitted, one a line, to paste into a chat group
	var remind []string
	for _, row := range rows {
		if row.State == NotStarted || row.State == Draft || row.State == Returned {
			remind = append(remind, row.Unit.Name+"（"+stateText(l, row.State)+"）")
		}
	}
	filter := r.URL.Query().Get("state")
	if filter != "" {
		var keep []dashRow
		for _, row := range rows {
			if row.State == filter {
				keep = append(keep, row)
			}
		}
		rows = keep
	}
	s.render(w, r, http.StatusOK, "dashboard", page{L: l, User: u, Title: i18n.F("%d 年度报告审核", "Reports of %d", year).In(l),
		Data: struct {
			Year   int
			Rows   []dashRow
			Filter string
			States []string
			Remind string
		}{year, rows, filter, []string{NotStarted, Draft, Submitted, Returned, Approved}, strings.Join(remind, "\n")}})
}

// reportFor resolves /r/{unit}/{year} for u: the unit, its report (nil if not started) — or
// false after answering 404, the same for a unit that does not exist and for another unit's
// (a clerk learns nothing of other units, not even that they exist).
func (s *Server) reportFor(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) (Unit, int, *Report, bool) {
	id := r.PathValue("unit")
	year, ok := s.year(r)
	if !ok || u.Role == Clerk && subtle.ConstantTimeCompare([]byte(id), []byte(u.Unit)) != 1 {
		s.notFound(w, r, l)
		return Unit{}, 0, nil, false
	}
	un, err := s.store.UnitByID(id)
	if errors.Is(err, sql.ErrNoRows) {
		s.notFound(w, r, l)
		return Unit{}, 0, nil, false
	}
	if err != nil {
		s.internal(w, r, l, err)
		return Unit{}, 0, nil, false
	}
	rep, err := s.store.Report(un.ID, year)
	if err != nil {
		s.internal(w, r, l, err)
		return Unit{}, 0, nil, false
	}
	return un, year, rep, true
}

// startData is the data file a report starts from: the template, with the unit's name.
func startData(un Unit, year int) string {
	fs, f := fieldsOf(datafile.Template(model.FormatByID("2021"), year))
	fs["organ"], fs["short_name"] = un.Name, un.Name
	data, err := encodeFields(fs, f, year)
	if err != nil {
		panic(err) // the template always encodes (TestStartData)
	}
	return data
}

// firstData is the data file a report not started yet begins with: last year's approved report
// carried on a year as nianbao init --from does (datafile.NextYear: names, narrative marked to
// revise, 上年结转 from last year's 结转下年度继续办理, rule R8), else the template.
// dataOf is what a unit's report of a year holds now: its saved data, or what a report not
// started begins with (firstData).
func (s *Server) dataOf(un Unit, year int, rep *Report) string {
	if rep == nil {
		return s.firstData(un, year)
	}
	return rep.Data
}

func (s *Server) firstData(un Unit, year int) string {
	last, err := s.store.Report(un.ID, year-1)
	if err != nil || last == nil || last.State != Approved {
		return startData(un, year)
	}
	r, _ := validate(last.Data)
	if r == nil {
		return startData(un, year)
	}
	fs, f := fieldsOf(datafile.Encode(datafile.NextYear(r, ""), nil, nil))
	data, err := encodeFields(fs, f, year)
	if err != nil {
		return startData(un, year)
	}
	return data
}

// finding is one finding as the form shows it (no line of the internal data file).
type finding struct {
	Error bool   `json:"error"`
	Text  string `json:"text"`
	Where string `json:"where"` // the cell or part (check.Finding.Where): a cell's label is its input's aria-label
}

func shown(fs []check.Finding, l i18n.Lang) []finding {
	out := make([]finding, 0, len(fs))
	for _, f := range fs {
		t := "[" + f.Rule + "] "
		if f.Where != "" {
			t += f.Where + "："
		}
		where := f.Where
		if i := strings.Index(f.Msg.Zh, "："); where == "" && i > 0 && strings.HasPrefix(f.Msg.Zh, "表") && strings.HasSuffix(f.Msg.Zh[:i], "」") {
			where = f.Msg.Zh[:i] // a cell that does not decode (R12) is named at the start of its message
		}
		out = append(out, finding{Error: f.Severity == check.Error, Text: t + f.Msg.In(l), Where: where})
	}
	return out
}

// reportView is what the report page shows.
type reportView struct {
	CSRF     string
	Unit     Unit
	Year     int
	State    string
	Version  int
	Report   *Report
	Format   *model.Format
	Fields   Fields
	Tables   []tableView
	Findings []finding
	Errors   int
	Warnings int
	Edit     bool // the clerk may edit (draft, returned, not started)
	Review   bool // a reviewer may return or approve (submitted)
	Remarks  []shownRemark
	At       map[string][]shownRemark // the last review's remarks by part (placeRemarks)
	Parts    []remarkGroup            // what a remark may be about (for a reviewer)
	Lost     []Change                 // on a conflict: the edits that were not saved
	Other    []finding                // the findings of a refused upload
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	un, year, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	var flash string
	switch r.URL.Query().Get("done") {
	case "saved":
		n, _ := strconv.Atoi(r.URL.Query().Get("fixed"))
		flash = savedFlash(l, n)
	case "submitted":
		flash = i18n.F("已提交审核", "submitted for review").In(l)
	case "returned":
		flash = i18n.F("已退回", "returned").In(l)
	case "approved":
		flash = i18n.F("已通过", "approved").In(l)
	case "remarked":
		flash = i18n.F("已记下意见；退回时一并发给填报单位", "the remark is kept; it goes to the unit with the return").In(l)
	}
	s.showReport(w, r, u, l, http.StatusOK, un, year, rep, nil, flash, nil)
}

// showReport renders the report page; fields, if given, are shown instead of the stored ones.
func (s *Server) showReport(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang, status int, un Unit, year int, rep *Report, fields Fields, flash string, lost []Change) {
	s.render(w, r, status, "report", s.reportView(u, l, un, year, rep, fields, flash, lost, nil))
}

// showReportFindings renders the report page with the findings of something else than the
// form (a refused upload) listed above it.
func (s *Server) showReportFindings(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang, status int, un Unit, year int, rep *Report, fields Fields, flash string, fs []check.Finding) {
	s.render(w, r, status, "report", s.reportView(u, l, un, year, rep, fields, flash, nil, fs))
}

func (s *Server) reportView(u *User, l i18n.Lang, un Unit, year int, rep *Report, fields Fields, flash string, lost []Change, other []check.Finding) page {
	v := reportView{CSRF: u.CSRF, Unit: un, Year: year, State: NotStarted, Report: rep, Lost: lost, Other: shown(other, l)}
	var data string
	if rep == nil {
		data = s.firstData(un, year)
	} else {
		data, v.State, v.Version = rep.Data, rep.State, rep.Version
		rs, err := s.store.Remarks(rep.ID)
		if err != nil {
			s.cfg.Log.Printf("remarks of %s: %v", rep.ID, err)
		}
		v.Remarks = visibleRemarks(rs, rep, u)
	}
	v.Fields, v.Format = s.fieldsOf(data)
	if fields != nil {
		v.Fields = fields
		data, _ = encodeFields(fields, v.Format, year)
	}
	v.Tables = tableViews(v.Format, v.Fields)
	v.placeRemarks()
	fs := s.findings(data)
	v.Findings = shown(fs, l)
	v.Errors, v.Warnings = counts(fs)
	v.flagCells()
	if u.Role != Clerk && v.State == Submitted {
		v.Parts = remarkGroups(v.Format, v.Fields)
	}
	v.Edit = u.Role == Clerk && (v.State == NotStarted || v.State == Draft || v.State == Returned)
	v.Review = u.Role != Clerk && v.State == Submitted
	return page{L: l, User: u, Flash: flash, Title: i18n.F("%s %d 年度报告", "%s: report for %d", un.Name, year).In(l), Data: v}
}

func (s *Server) version(r *http.Request) int {
	n, _ := strconv.Atoi(r.PostFormValue("version"))
	return n
}

func (s *Server) save(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	un, year, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	oldFields, f := s.fieldsOf(s.dataOf(un, year, rep))
	fields, fixed := s.formFields(r, f)
	sent := fields
	if fixed > 0 {
		sent = formFields(r.PostFormValue, f)
	}
	raw := encodeRaw(fields, f, year)
	data, err := encodeTOML(raw)
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	fs := s.findings(data)
	errs, warns := counts(fs)
	now := s.cfg.Now()
	saved, err := s.store.Save(un.ID, year, s.version(r), data, errs, warns, changes(oldFields, fields), u.Name, now)
	switch {
	case errors.Is(err, ErrConflict):
		// Someone saved in between: show what is stored now and list the edits not saved, so
		// nothing is overwritten and nothing typed is lost from sight.
		cur, err := s.store.Report(un.ID, year)
		if err != nil {
			s.internal(w, r, l, err)
			return
		}
		curFields, _ := s.fieldsOf(cur.Data)
		msg := i18n.F("未保存：%s 在您打开之后修改了这份报告（%s）。下面是现在保存的内容；您的修改列在上方，请核对后重新填写。", "not saved: %s changed this report after you opened it (%s). Below is what is stored now; your edits are listed above it, to apply again.",
			cur.UpdatedBy, cur.Updated.Format("2006-01-02 15:04:05 UTC")).In(l)
		if wantsJSON(r) {
			s.conflictAnswer(w, l, cur, msg, changes(curFields, fields))
			return
		}
		s.showReport(w, r, u, l, http.StatusConflict, un, year, cur, nil, msg, changes(curFields, fields))
	case errors.Is(err, ErrState):
		s.fail(w, r, l, http.StatusConflict, i18n.F("报告已提交或已通过，不能再修改", "the report has been submitted or approved and cannot be changed"))
	case err != nil:
		s.internal(w, r, l, err)
	default:
		// the next save reads this data's fields: known now, without decoding it again
		fs, f := fieldsOfRaw(raw)
		s.keepFields(data, fs, f)
		if wantsJSON(r) {
			var text map[string]string
			if fixed > 0 {
				text = map[string]string{}
				for k, v := range fields {
					if strings.HasPrefix(k, "text.") && v != sent[k] {
						text[k] = v
					}
				}
			}
			s.savedAnswer(w, l, data, saved.Version, saved.State, savedFlash(l, fixed), text)
			return
		}
		done := "saved"
		if fixed > 0 {
			done += "&fixed=" + strconv.Itoa(fixed)
		}
		http.Redirect(w, r, fmt.Sprintf("/r/%s/%d?done=%s", un.ID, year, done), http.StatusSeeOther)
	}
}

// savedFlash is the message after a save that cleaned fixed marks.
func savedFlash(l i18n.Lang, fixed int) string {
	flash := i18n.F("已保存", "saved").In(l)
	if fixed > 0 && fixed < 1_000_000 {
		flash += i18n.F("；粘贴的文字已整理（%d 处半角标点改为全角，规则 R14）", "; the pasted text was tidied (%d half-width marks made full-width, rule R14)", fixed).In(l)
	}
	return flash
}

// MaxExplanation is the longest explanation of warnings taken at submission: one line.
const MaxExplanation = 200

func (s *Server) submit(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	un, year, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	if rep == nil {
		s.fail(w, r, l, http.StatusConflict, i18n.F("请先填写并保存报告", "fill in and save the report first"))
		return
	}
	fs := s.findings(rep.Data)
	errs, warns := counts(fs)
	expl := strings.TrimSpace(r.PostFormValue("explanation"))
	switch {
	case errs > 0:
		s.showReport(w, r, u, l, http.StatusUnprocessableEntity, un, year, rep, nil, i18n.F("有 %d 个错误，改正后才能提交", "%d errors: correct them before submitting", errs).In(l), nil)
		return
	case warns > 0 && expl == "":
		s.showReport(w, r, u, l, http.StatusUnprocessableEntity, un, year, rep, nil, i18n.F("有 %d 个提醒：请用一句话说明后再提交", "%d warnings: explain them in one line to submit", warns).In(l), nil)
		return
	case strings.ContainsAny(expl, "\r\n") || utf8.RuneCountInString(expl) > MaxExplanation:
		s.showReport(w, r, u, l, http.StatusUnprocessableEntity, un, year, rep, nil, i18n.F("说明只写一行，最多 %d 字", "the explanation is one line of at most %d characters", MaxExplanation).In(l), nil)
		return
	}
	s.transition(w, r, u, l, un, year, []string{Draft, Returned}, Submitted, expl, "submitted")
}

func (s *Server) transition(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang, un Unit, year int, from []string, to, note, done string) {
	s.done(w, r, l, un, year, done, s.store.Transition(un.ID, year, s.version(r), from, to, note, u.Name, s.cfg.Now()))
}

// done answers a state change.
func (s *Server) done(w http.ResponseWriter, r *http.Request, l i18n.Lang, un Unit, year int, done string, err error) {
	switch {
	case errors.Is(err, ErrConflict):
		s.fail(w, r, l, http.StatusConflict, i18n.F("报告在您打开之后有了变化，请重新打开再操作", "the report changed after you opened it: open it again"))
	case errors.Is(err, ErrState):
		s.fail(w, r, l, http.StatusConflict, i18n.F("报告当前的状态不允许这样做", "not possible in the report's present state"))
	case err != nil:
		s.internal(w, r, l, err)
	default:
		http.Redirect(w, r, fmt.Sprintf("/r/%s/%d?done=%s", un.ID, year, done), http.StatusSeeOther)
	}
}

// MaxRemark is the longest remark taken.
const MaxRemark = 4000

func (s *Server) review(to string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
		un, year, rep, ok := s.reportFor(w, r, u, l)
		if !ok {
			return
		}
		note := strings.TrimSpace(r.PostFormValue("remark"))
		if to != Returned {
			s.transition(w, r, u, l, un, year, []string{Submitted}, to, note, to)
			return
		}
		key, ok := s.remarkInput(w, r, l, rep, note, true)
		if !ok {
			return
		}
		s.done(w, r, l, un, year, to, s.store.Return(un.ID, year, s.version(r), key, note, u.Name, s.cfg.Now()))
	}
}

// download gives the data file of any report one may see, and the PDF or DOCX of an approved one,
// built through pipeline.Write as nianbao build does.
func (s *Server) download(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	un, year, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	kind := r.PathValue("kind")
	if rep == nil || kind != "toml" && kindTypes[kind] == "" {
		s.notFound(w, r, l)
		return
	}
	rp, fs := s.validated(rep.Data)
	name := fmt.Sprintf("%d-%s", year, pipeline.CleanName(un.Name))
	if kind == "toml" {
		body := rep.Data
		if rp != nil {
			body = datafile.Encode(rp, []string{fmt.Sprintf("%s %d 年度报告（nianbao serve，第 %d 版）", un.Name, year, rep.Version)}, nil)
		}
		w.Header().Set("Content-Type", "application/toml; charset=utf-8")
		w.Header().Set("Content-Disposition", attachment(name+".toml"))
		io.WriteString(w, body)
		return
	}
	if rep.State != Approved || rp == nil {
		s.fail(w, r, l, http.StatusConflict, i18n.F("报告通过后才能下载 PDF、DOCX 和 OFD", "PDF, DOCX and OFD are given once the report is approved"))
		return
	}
	files, err := s.build(rp, fs, kind)
	if err == errNoFonts {
		s.fail(w, r, l, http.StatusServiceUnavailable, textOf(err))
		return
	}
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	w.Header().Set("Content-Type", kindTypes[kind])
	w.Header().Set("Content-Disposition", attachment(name+"."+kind))
	w.Write(files[kind])
}

// attachment is a Content-Disposition for a file name with Chinese in it (RFC 6266, RFC 5987).
func attachment(name string) string {
	return `attachment; filename="report` + filepath.Ext(name) + `"; filename*=UTF-8''` + urlPathEscape(name)
}

func urlPathEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func textOf(err error) i18n.Text {
	return i18n.Text{Zh: i18n.Message(err, i18n.Zh), En: i18n.Message(err, i18n.En)}
}

// accountText is an account as the audit log records it: its role, and a clerk's unit by name.
func accountText(role, unit string, st *Store) string {
	if un, err := st.UnitByID(unit); err == nil && unit != "" {
		return role + " " + un.Name
	}
	return role
}

// parseBody reads a POST's form (multipart for uploads) within the body limit ServeHTTP set, so
// that a body over the limit is answered as too large, not as a form without its CSRF token.
func parseBody(r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.ParseMultipartForm(32 << 20) // net/http's own default: what PostFormValue would use
	}
	return r.ParseForm()
}
