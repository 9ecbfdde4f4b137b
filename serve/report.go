package serve

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/model"
)

// Report states. A unit without a row for the year is "not started" (NotStarted).
const (
	NotStarted = "none"
	Draft      = "draft"
	Submitted  = "submitted"
	Returned   = "returned"
	Approved   = "approved"
)

// Unit is one reporting unit of the district.
type Unit struct{ ID, Name string }

// Report is one unit's report for one year as stored.
type Report struct {
	ID, Unit         string
	Year             int
	State            string
	Data             string // the data file, TOML
	Version          int    // bumped by every save; a save names the version it started from
	Explanation      string // the clerk's one line on the warnings, given at submission
	Errors, Warnings int
	Updated          time.Time
	UpdatedBy        string
}

// Remark is a reviewer's word on a returned report.
type Remark struct {
	ID      int64
	Author  string
	At      time.Time
	Key     string // the part it is about (partLabel): a section, a paragraph, a table, a cell; "" for the whole report
	Text    string
	Version int // the version of the report it was made on
}

// Change is one audited change.
type Change struct {
	At            time.Time
	Who, Report   string
	Key, Old, New string
	Unit          string // the report's unit and year, as the audit log shows them ("" and 0: an account or the unit list)
	Year          int
}

// Errors of saving and transitions.
var (
	ErrConflict = errors.New("the report was changed by someone else")
	ErrState    = errors.New("not allowed in this state")
)

// Units lists the units by name.
func (s *Store) Units() ([]Unit, error) {
	rows, err := s.db.Query(`SELECT id, name FROM units ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var us []Unit
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.ID, &u.Name); err != nil {
			return nil, err
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

// UnitByID finds a unit.
func (s *Store) UnitByID(id string) (Unit, error) {
	u := Unit{ID: id}
	err := s.db.QueryRow(`SELECT name FROM units WHERE id = ?`, id).Scan(&u.Name)
	return u, err
}

// Users lists the accounts.
func (s *Store) Users() ([]User, error) {
	rows, err := s.db.Query(`SELECT id, name, role, coalesce(unit_id, '') FROM users ORDER BY role, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var us []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &u.Unit); err != nil {
			return nil, err
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

const reportCols = `id, unit_id, year, state, data, version, explanation, errors, warnings, updated, updated_by`

func scanReport(row interface{ Scan(...any) error }) (*Report, error) {
	r := &Report{}
	var upd int64
	err := row.Scan(&r.ID, &r.Unit, &r.Year, &r.State, &r.Data, &r.Version, &r.Explanation, &r.Errors, &r.Warnings, &upd, &r.UpdatedBy)
	r.Updated = time.Unix(upd, 0).UTC()
	return r, err
}

// Report is a unit's report for a year; nil, nil when it is not started.
func (s *Store) Report(unit string, year int) (*Report, error) {
	r, err := scanReport(s.db.QueryRow(`SELECT `+reportCols+` FROM reports WHERE unit_id = ? AND year = ?`, unit, year))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return r, err
}

// Reports are the reports of a year by unit.
func (s *Store) Reports(year int) (map[string]*Report, error) {
	rows, err := s.db.Query(`SELECT `+reportCols+` FROM reports WHERE year = ?`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]*Report{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		m[r.Unit] = r
	}
	return m, rows.Err()
}

// Save stores a new version of a unit's report, if base is the version the editor started from
// (0: not started) and the report may be edited (draft or returned); every changed field goes
// to the audit log in the same transaction.
func (s *Store) Save(unit string, year, base int, data string, errs, warns int, changes []Change, who string, now time.Time) (*Report, error) {
	tx, done, err := s.begin()
	if err != nil {
		return nil, err
	}
	defer done(false)
	cur, err := scanReport(tx.QueryRow(`SELECT `+reportCols+` FROM reports WHERE unit_id = ? AND year = ?`, unit, year))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if base != 0 {
			return nil, ErrConflict
		}
		cur = &Report{ID: newID(), Unit: unit, Year: year, State: Draft}
		_, err = tx.Exec(`INSERT INTO reports (`+reportCols+`) VALUES (?, ?, ?, ?, ?, 1, '', ?, ?, ?, ?)`,
			cur.ID, unit, year, Draft, data, errs, warns, now.Unix(), who)
	case err != nil:
		return nil, err
	case cur.Version != base:
		return cur, ErrConflict
	case cur.State != Draft && cur.State != Returned:
		return cur, ErrState
	default:
		_, err = tx.Exec(`UPDATE reports SET data = ?, version = version + 1, errors = ?, warnings = ?, updated = ?, updated_by = ? WHERE id = ? AND version = ?`,
			data, errs, warns, now.Unix(), who, cur.ID, base)
	}
	if err != nil {
		return nil, err
	}
	for _, c := range changes {
		if err := audit(tx, now, who, cur.ID, c.Key, c.Old, c.New); err != nil {
			return nil, err
		}
	}
	if err := done(true); err != nil {
		return nil, err
	}
	return s.Report(unit, year)
}

// Transition moves a report from one of the states from to the state to, at the version the
// person saw, recording it in the audit log; a remark (returned) is kept with the report, an
// explanation (submitted) replaces the report's.
func (s *Store) Transition(unit string, year, version int, from []string, to, note, who string, now time.Time) error {
	return s.move(unit, year, version, from, to, "", note, who, now)
}

// Return sends a submitted report back with a remark about one part of it (key, see
// RemarkKeys; "" for the whole).
func (s *Store) Return(unit string, year, version int, key, remark, who string, now time.Time) error {
	return s.move(unit, year, version, []string{Submitted}, Returned, key, remark, who, now)
}

func (s *Store) move(unit string, year, version int, from []string, to, key, note, who string, now time.Time) error {
	tx, done, err := s.begin()
	if err != nil {
		return err
	}
	defer done(false)
	cur, err := scanReport(tx.QueryRow(`SELECT `+reportCols+` FROM reports WHERE unit_id = ? AND year = ?`, unit, year))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return ErrState
		}
		return err
	}
	if cur.Version != version {
		return ErrConflict
	}
	ok := false
	for _, f := range from {
		ok = ok || cur.State == f
	}
	if !ok {
		return ErrState
	}
	if _, err := tx.Exec(`UPDATE reports SET state = ?, version = version + 1, updated = ?, updated_by = ? WHERE id = ?`, to, now.Unix(), who, cur.ID); err != nil {
		return err
	}
	switch to {
	case Submitted:
		if _, err := tx.Exec(`UPDATE reports SET explanation = ? WHERE id = ?`, note, cur.ID); err != nil {
			return err
		}
	case Returned:
		if note != "" { // the remarks may all have been made before (AddRemark)
			if _, err := tx.Exec(`INSERT INTO remarks (report_id, author, at, key, text, version) VALUES (?, ?, ?, ?, ?, ?)`, cur.ID, who, now.Unix(), key, note, cur.Version); err != nil {
				return err
			}
			if err := audit(tx, now, who, cur.ID, "remark "+key, "", note); err != nil { // as AddRemark logs it
				return err
			}
		}
	}
	if err := audit(tx, now, who, cur.ID, "state", cur.State, to); err != nil {
		return err
	}
	return done(true)
}

// AddRemark keeps a reviewer's remark on a submitted report at the version the reviewer saw,
// without sending it back yet: a review is several remarks, on cells and paragraphs, then one
// return (Return). The remark is audited; the report's version does not change.
func (s *Store) AddRemark(unit string, year, version int, key, text, who string, now time.Time) error {
	tx, done, err := s.begin()
	if err != nil {
		return err
	}
	defer done(false)
	cur, err := scanReport(tx.QueryRow(`SELECT `+reportCols+` FROM reports WHERE unit_id = ? AND year = ?`, unit, year))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrState
	case err != nil:
		return err
	case cur.Version != version:
		return ErrConflict
	case cur.State != Submitted:
		return ErrState
	}
	if _, err := tx.Exec(`INSERT INTO remarks (report_id, author, at, key, text, version) VALUES (?, ?, ?, ?, ?, ?)`, cur.ID, who, now.Unix(), key, text, cur.Version); err != nil {
		return err
	}
	if err := audit(tx, now, who, cur.ID, "remark "+key, "", text); err != nil {
		return err
	}
	return done(true)
}

// Remarks are the remarks on a report, oldest first.
func (s *Store) Remarks(reportID string) ([]Remark, error) {
	rows, err := s.db.Query(`SELECT id, author, at, key, text, version FROM remarks WHERE report_id = ? ORDER BY id`, reportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []Remark
	for rows.Next() {
		var r Remark
		var at int64
		if err := rows.Scan(&r.ID, &r.Author, &at, &r.Key, &r.Text, &r.Version); err != nil {
			return nil, err
		}
		r.At = time.Unix(at, 0).UTC()
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

// Audit is the audit log, newest first; reportID "" for all of it.
func (s *Store) Audit(reportID string, limit int) ([]Change, error) {
	q := `SELECT a.at, a.who, a.report_id, a.key, a.old, a.new, coalesce(u.name, ''), coalesce(r.year, 0)
		FROM audit a LEFT JOIN reports r ON r.id = a.report_id LEFT JOIN units u ON u.id = r.unit_id
		WHERE (? = '' OR a.report_id = ?) ORDER BY a.id DESC LIMIT ?`
	rows, err := s.db.Query(q, reportID, reportID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cs []Change
	for rows.Next() {
		var c Change
		var at int64
		if err := rows.Scan(&at, &c.Who, &c.Report, &c.Key, &c.Old, &c.New, &c.Unit, &c.Year); err != nil {
			return nil, err
		}
		c.At = time.Unix(at, 0).UTC()
		cs = append(cs, c)
	}
	return cs, rows.Err()
}

// Log records a change that belongs to no report — an account made, a password set, a new
// set-up link — in the audit log (who, when, what; never a password or a token).
func (s *Store) Log(who, key, old, new string, now time.Time) error {
	_, err := s.exec(`INSERT INTO audit (at, who, report_id, key, old, new) VALUES (?, ?, '', ?, ?, ?)`, now.Unix(), who, key, old, new)
	return err
}

func audit(tx *sql.Tx, now time.Time, who, report, key, old, new string) error {
	_, err := tx.Exec(`INSERT INTO audit (at, who, report_id, key, old, new) VALUES (?, ?, ?, ?, ?, ?)`, now.Unix(), who, report, key, old, new)
	return err
}

// Fields are a report as the form shows it: every value as typed, by field name —
// organ, short_name, kind, date, text.KEY, and tableN.ROWKEY#COL for a table cell.
type Fields map[string]string

// formatOf is the format a data file names (2021 when it names none or an unknown one).
func formatOf(raw map[string]any) *model.Format {
	if id, ok := raw["format"].(string); ok {
		if f := model.FormatByID(id); f != nil {
			return f
		}
	}
	return model.FormatByID("2021")
}

// cellName is a table cell's field name.
func cellName(def *model.TableDef, rd *model.RowDef, col int) string {
	return def.Key + "." + rd.Key + "#" + strconv.Itoa(col)
}

// fieldsOf reads a data file's values for the form. It reads the TOML generically, not through
// datafile, so a draft that does not decode yet (a word in a number cell) still shows as typed.
func fieldsOf(data string) (Fields, *model.Format) {
	raw := map[string]any{}
	toml.Decode(data, &raw) // a draft that is not TOML at all shows empty (we only ever store what we wrote)
	return fieldsOfRaw(raw)
}

// fieldsOfRaw reads a data file's TOML values for the form (fieldsOf).
func fieldsOfRaw(raw map[string]any) (Fields, *model.Format) {
	f := formatOf(raw)
	fs := Fields{}
	for _, k := range []string{"organ", "short_name", "kind"} {
		fs[k] = scalar(raw[k])
	}
	switch d := raw["date"].(type) {
	case time.Time:
		fs["date"] = d.Format("2006-01-02")
	default:
		fs["date"] = scalar(d)
		if t, ok := parseChineseDate(fs["date"]); ok {
			fs["date"] = t
		}
	}
	text, _ := raw["text"].(map[string]any)
	for _, tk := range model.TextKeys() {
		fs["text."+tk.Key] = strings.TrimSuffix(scalar(text[tk.Key]), "\n")
	}
	for _, def := range f.Tables {
		tab, _ := raw[def.Key].(map[string]any)
		for i := range def.Data {
			rd := &def.Data[i]
			v := lookupKey(tab, rd.Key)
			items, isArr := v.([]any)
			if !isArr && v != nil {
				items = []any{v}
			}
			for c := range rd.Kinds {
				if c < len(items) {
					fs[cellName(def, rd, c)] = scalar(items[c])
				}
			}
		}
	}
	return fs, f
}

func lookupKey(m map[string]any, dotted string) any {
	parts := strings.Split(dotted, ".")
	for _, p := range parts[:len(parts)-1] {
		m, _ = m[p].(map[string]any)
	}
	if m == nil {
		return nil
	}
	return m[parts[len(parts)-1]]
}

func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// MaxField is the longest value one form field takes (a narrative section); the whole form is
// bounded by the request limit.
const MaxField = 64 << 10

// encodeFields writes the form's fields as a data file for format f and year: only the fields
// the format has, every cell as a TOML string so datafile reads it exactly as it reads a cell
// typed in a data file ("12", "1.50", "/", "无"). The computed cells (a row's 总计, a sum row) are
// computed from the others whatever the form says.
func encodeFields(fs Fields, f *model.Format, year int) (string, error) {
	return encodeTOML(encodeRaw(fs, f, year))
}

// encodeRaw is what encodeFields writes, as TOML's values.
func encodeRaw(fs Fields, f *model.Format, year int) map[string]any {
	raw := map[string]any{"format": f.ID, "year": int64(year)}
	for _, k := range []string{"organ", "short_name", "kind"} {
		if v := strings.TrimSpace(fs[k]); v != "" {
			raw[k] = v
		}
	}
	if d := strings.TrimSpace(fs["date"]); d != "" {
		if t, err := time.Parse("2006-01-02", d); err == nil {
			raw["date"] = fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()) // datafile reads this spelling as a date
		} else {
			raw["date"] = d // datafile names the bad date
		}
	}
	text := map[string]any{}
	for _, tk := range model.TextKeys() {
		if v := strings.ReplaceAll(fs["text."+tk.Key], "\r\n", "\n"); strings.TrimSpace(v) != "" {
			text[tk.Key] = v
		}
	}
	raw["text"] = text
	for _, def := range f.Tables {
		tab := map[string]any{}
		for i := range def.Data {
			rd := &def.Data[i]
			items := make([]any, len(rd.Kinds))
			empty := 0
			for c := range rd.Kinds {
				v := strings.TrimSpace(fs[cellName(def, rd, c)])
				if computed(rd, c) {
					// computed here whatever the form says, as the form shows it (grid.go); left
					// out (datafile computes it) when a term is not a number
					v = ""
					if n, ok := sumFields(fs, f, computedSums()[f][cellName(def, rd, c)]); ok {
						v = strconv.FormatInt(n, 10)
					}
				}
				items[c] = v
				if v == "" {
					empty++
				}
			}
			if rd.SumOf != "" && empty == len(items) {
				continue
			}
			if rd.Total == len(items)-1 && items[rd.Total] == "" && len(items) > 1 {
				items = items[:len(items)-1]
			}
			m := tab
			parts := strings.Split(rd.Key, ".")
			for _, p := range parts[:len(parts)-1] {
				sub, ok := m[p].(map[string]any)
				if !ok {
					sub = map[string]any{}
					m[p] = sub
				}
				m = sub
			}
			if len(items) == 1 {
				m[parts[len(parts)-1]] = items[0]
			} else {
				m[parts[len(parts)-1]] = items
			}
		}
		raw[def.Key] = tab
	}
	return raw
}

// encodeTOML writes a data file's values.
func encodeTOML(raw map[string]any) (string, error) {
	var b bytes.Buffer
	b.WriteString("# nianbao serve\n")
	if err := toml.NewEncoder(&b).Encode(raw); err != nil {
		return "", err
	}
	return b.String(), nil
}

// formFields takes the fields of format f from a submitted form, and nothing else.
func formFields(get func(string) string, f *model.Format) Fields {
	fs := Fields{}
	take := func(k string) {
		v := get(k)
		if len(v) > MaxField {
			v = v[:MaxField]
		}
		// only text is stored: bytes that are not UTF-8 (a crafted request; a browser sends none,
		// but the cut above may split a character) would make the stored file unreadable (R12)
		fs[k] = strings.ToValidUTF8(v, "")
	}
	for _, k := range []string{"organ", "short_name", "kind", "date"} {
		take(k)
	}
	for _, tk := range model.TextKeys() {
		take("text." + tk.Key)
	}
	for _, def := range f.Tables {
		for i := range def.Data {
			for c := range def.Data[i].Kinds {
				take(cellName(def, &def.Data[i], c))
			}
		}
	}
	return fs
}

// changes are the fields that differ, for the audit log, in field order. The computed cells are
// nobody's edit — a form sends them (read-only inputs are sent), the server computes them — and
// are left out: otherwise every save logged each 总计 as changed ("" stored, "0" sent), 35 rows a
// save (nbload -january). No format has a typed cell where another computes one.
func changes(old, new Fields) []Change {
	var cs []Change
	for k, v := range new {
		if computedCell(k) {
			continue
		}
		if strings.TrimSpace(old[k]) != strings.TrimSpace(v) {
			cs = append(cs, Change{Key: k, Old: old[k], New: v})
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Key < cs[j].Key })
	return cs
}

// computedCell tells whether a field is a computed cell of some format (grid.go's computed).
func computedCell(k string) bool {
	for _, m := range computedSums() {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// validate decodes and checks a data file as nianbao check does: decoding errors (a bad cell,
// a missing key) and then every rule.
func validate(data string) (*model.Report, []check.Finding) {
	const name = "报告.toml"
	r, err := datafile.Decode(name, []byte(data), nil)
	if err != nil {
		fs, ok := check.FindingsOf(err)
		if !ok {
			fs = []check.Finding{{Rule: "S", Severity: check.Error, Msg: textOf(err)}}
		}
		if r != nil {
			fs = append(fs, check.Check(r)...)
		}
		check.SortFindings(fs, name)
		return nil, fs
	}
	fs := check.Check(r)
	check.SortFindings(fs, name)
	return r, fs
}

// counts are the errors and warnings among findings.
func counts(fs []check.Finding) (errs, warns int) {
	for _, f := range fs {
		if f.Severity == check.Error {
			errs++
		} else {
			warns++
		}
	}
	return
}

// parseChineseDate turns "2027年1月20日" back into the form's 2027-01-20.
func parseChineseDate(s string) (string, bool) {
	var y, m, d int
	if n, _ := fmt.Sscanf(s, "%d年%d月%d日", &y, &m, &d); n == 3 {
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
	}
	return "", false
}
