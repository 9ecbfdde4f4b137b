package serve

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"nianbao/i18n"
	"nianbao/internal/safefile"
	"nianbao/model"
	"nianbao/workbook"
)

// unitList is a list of units (名单) as read from a paste, a text file or a workbook: the names to
// add in order, each once, and what was wrong with the lines that are not added.
type unitList struct {
	Names []string
	Dups  int         // names given more than once (kept once)
	Bad   []i18n.Text // one per line not added, naming the line
}

// readUnitList reads a list's rows: the column headed 单位 (单位名称 …) below its heading, else the
// first column (workbook.ListColumn, as nianbao check --units reads a 名单.xlsx). Names are trimmed
// of blanks (full-width ones too) and of what pasting carries invisibly (model.Normalize); blank
// rows and # comments are skipped. where names row i (0-based) in messages.
func readUnitList(rows [][]string, where func(i int) i18n.Text) unitList {
	var l unitList
	col, start := workbook.ListColumn(rows)
	seen := map[string]bool{}
	for i := start; i < len(rows); i++ {
		if col >= len(rows[i]) {
			continue
		}
		name := strings.TrimFunc(model.Normalize(rows[i][col]), unicode.IsSpace)
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		if msg := badUnitName(name); msg != nil {
			at := where(i)
			l.Bad = append(l.Bad, i18n.Text{Zh: at.Zh + "：" + msg.Zh, En: at.En + ": " + msg.En})
			continue
		}
		if seen[name] {
			l.Dups++
			continue
		}
		seen[name] = true
		l.Names = append(l.Names, name)
	}
	return l
}

// badUnitName says what is wrong with a unit's name, or nil.
func badUnitName(name string) *i18n.Text {
	var t i18n.Text
	switch {
	case !utf8.ValidString(name) || strings.ContainsRune(name, utf8.RuneError):
		t = i18n.F("“%s”有乱码（文件不是 UTF-8 编码？）", "“%s” has garbled characters (is the file not UTF-8?)", clip(name))
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		t = i18n.F("“%s”含有控制字符", "“%s” contains control characters", clip(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return '?'
			}
			return r
		}, name)))
	case utf8.RuneCountInString(name) > model.MaxOrgan:
		t = i18n.F("“%s”超过 %d 个字，不像单位名称", "“%s” is over %d characters: not a unit's name", clip(name), model.MaxOrgan)
	case strings.IndexFunc(name, func(r rune) bool { return !unicode.IsDigit(r) && !unicode.IsPunct(r) && !unicode.IsSpace(r) }) < 0:
		t = i18n.F("“%s”只有数字或标点，不像单位名称（是序号列吗？）", "“%s” has only digits or punctuation: not a unit's name (a column of numbers?)", clip(name))
	default:
		return nil
	}
	return &t
}

// clip shortens a quoted value for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

// textRows are the rows of a pasted or text list: one a line, cells split by tabs (a range
// copied from a spreadsheet).
func textRows(s string) [][]string {
	s = strings.TrimPrefix(s, "\ufeff")
	var rows [][]string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		rows = append(rows, strings.Split(strings.TrimSuffix(line, "\r"), "\t"))
	}
	return rows
}

// lineOf names line i of a paste or a file.
func lineOf(file string) func(i int) i18n.Text {
	return func(i int) i18n.Text {
		if file == "" {
			return i18n.F("第 %d 行", "line %d", i+1)
		}
		return i18n.F("%s 第 %d 行", "%s, line %d", file, i+1)
	}
}

// AddUnits adds the units of a list (one name a line; blank lines and names already there are
// skipped) and returns how many were new; a line that is not a unit's name refuses the whole list.
func (s *Store) AddUnits(list, who string, now time.Time) (int, error) {
	l := readUnitList(textRows(list), lineOf(""))
	if len(l.Bad) > 0 {
		return 0, fmt.Errorf("%s", l.Bad[0].Zh)
	}
	return s.AddUnitNames(l.Names, who, now)
}

// AddUnitNames adds units by name, in one transaction, skipping names already there, and
// returns how many were new; each is audited.
func (s *Store) AddUnitNames(names []string, who string, now time.Time) (int, error) {
	tx, done, err := s.begin()
	if err != nil {
		return 0, err
	}
	defer done(false)
	added := 0
	for _, name := range names {
		res, err := tx.Exec(`INSERT INTO units (id, name, created) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`, newID(), name, now.Unix())
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
			if err := audit(tx, now, who, "", "unit", "", name); err != nil {
				return 0, err
			}
		}
	}
	return added, done(true)
}

// addUnits loads a pasted list (field units).
func (s *Server) addUnits(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	s.loadUnits(w, r, u, l, readUnitList(textRows(r.PostFormValue("units")), lineOf("")))
}

// uploadUnits loads a list from a file (field file): a text file (.txt, UTF-8, one unit a line,
// at most safefile.ListLimit as for --units) or a workbook (.xlsx, read within the limits of
// every workbook). The file's name is for messages only.
func (s *Server) uploadUnits(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	refuse := func(msg i18n.Text) { s.renderAdmin(w, r, u, l, http.StatusUnprocessableEntity, msg.In(l), "", "") }
	file, hdr, err := r.FormFile("file")
	if err != nil {
		refuse(i18n.F("请选择名单文件（.txt 或 .xlsx）", "choose a list file (.txt or .xlsx)"))
		return
	}
	defer file.Close()
	name := uploadName(hdr.Filename)
	ext := strings.ToLower(filepath.Ext(name))
	limit := int64(safefile.ListLimit)
	if ext == ".xlsx" {
		limit = safefile.WorkbookLimit
	}
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	if int64(len(data)) > limit {
		refuse(i18n.F("%s 超过 %d KB，不予读取", "%s is over %d KB and is not read", name, limit>>10))
		return
	}
	var list unitList
	switch ext {
	case ".txt":
		switch {
		case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
			refuse(i18n.F("%s 是 UTF-16 编码（记事本中的“Unicode”），请另存为 UTF-8 编码后再上传", "%s is UTF-16 (Notepad's “Unicode”): save it as UTF-8 and upload it again", name))
			return
		case !utf8.Valid(data):
			refuse(i18n.F("%s 不是 UTF-8 编码（可能是 GBK/ANSI），请用记事本“另存为”UTF-8 编码后再上传", "%s is not UTF-8 (GBK/ANSI?): save it as UTF-8 in Notepad and upload it again", name))
			return
		}
		list = readUnitList(textRows(string(data)), lineOf(name))
	case ".xlsx":
		rows, err := workbook.ListRows(name, data)
		if err != nil {
			refuse(i18n.F("%s 无法读取：%s", "%s cannot be read: %s", name, i18n.Message(err, i18n.Zh)))
			return
		}
		list = readUnitList(rows, lineOf(name))
	default:
		refuse(i18n.F("名单只能是文本文件（.txt，每行一个单位）或工作簿（.xlsx）：%s", "a list is a text file (.txt, one unit a line) or a workbook (.xlsx): %s", name))
		return
	}
	s.loadUnits(w, r, u, l, list)
}

// loadUnits adds a list's good names and says what was added, what was there already, what
// was given twice and which lines were not taken.
func (s *Server) loadUnits(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang, list unitList) {
	n, err := s.store.AddUnitNames(list.Names, u.Name, s.cfg.Now())
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	msg := i18n.F("新增 %d 个单位", "%d units added", n).In(l)
	if had := len(list.Names) - n; had > 0 {
		msg += i18n.F("，%d 个已在名单中", ", %d on the list already", had).In(l)
	}
	if list.Dups > 0 {
		msg += i18n.F("，%d 个重复的只算一次", ", %d given twice counted once", list.Dups).In(l)
	}
	status := http.StatusOK
	if len(list.Bad) > 0 {
		status = http.StatusUnprocessableEntity
		msg += i18n.F("。以下 %d 行未载入，请改正后再载入（已载入的不会重复）：", ". %d lines were not loaded; correct them and load again (those loaded are not added twice):", len(list.Bad)).In(l)
		for i, b := range list.Bad {
			if i == 20 {
				msg += i18n.F("……等 %d 行", "… %d lines in all", len(list.Bad)).In(l)
				break
			}
			msg += "\n" + b.In(l)
		}
	}
	s.renderAdmin(w, r, u, l, status, msg, "", "")
}

// uploadName is an uploaded file's name without any folder, for messages only.
func uploadName(filename string) string {
	name := filepath.Base(strings.ReplaceAll(filename, `\`, "/"))
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	return name
}
