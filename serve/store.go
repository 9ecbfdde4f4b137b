package serve

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver: no cgo, so the cross-compiled static binaries stay

	"nianbao/i18n"
)

// DBName is the database file inside the data folder.
const DBName = "nianbao.db"

// migrations are the schema, in order: migrations[i] takes the database from version i to i+1.
// Append, never edit: a database made by an older binary is brought up to date on start.
var migrations = []string{
	`CREATE TABLE units (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL UNIQUE,
		created INTEGER NOT NULL
	);
	CREATE TABLE users (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL UNIQUE,
		role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'clerk')),
		unit_id TEXT REFERENCES units(id),
		password TEXT NOT NULL DEFAULT '',
		setup_hash TEXT UNIQUE,
		setup_expires INTEGER NOT NULL DEFAULT 0,
		created INTEGER NOT NULL,
		CHECK ((role = 'clerk') = (unit_id IS NOT NULL))
	);
	CREATE TABLE sessions (
		hash TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		csrf TEXT NOT NULL,
		expires INTEGER NOT NULL
	);
	CREATE TABLE reports (
		id TEXT PRIMARY KEY,
		unit_id TEXT NOT NULL REFERENCES units(id),
		year INTEGER NOT NULL,
		state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
		data TEXT NOT NULL,
		version INTEGER NOT NULL,
		explanation TEXT NOT NULL DEFAULT '',
		errors INTEGER NOT NULL DEFAULT 0,
		warnings INTEGER NOT NULL DEFAULT 0,
		updated INTEGER NOT NULL,
		updated_by TEXT NOT NULL,
		UNIQUE (unit_id, year)
	);
	CREATE TABLE remarks (
		id INTEGER PRIMARY KEY,
		report_id TEXT NOT NULL REFERENCES reports(id),
		author TEXT NOT NULL,
		at INTEGER NOT NULL,
		text TEXT NOT NULL
	);
	CREATE TABLE audit (
		id INTEGER PRIMARY KEY,
		at INTEGER NOT NULL,
		who TEXT NOT NULL,
		report_id TEXT NOT NULL DEFAULT '',
		key TEXT NOT NULL,
		old TEXT NOT NULL,
		new TEXT NOT NULL
	);
	CREATE INDEX audit_report ON audit(report_id, id);`,
	// 2: a remark names the part of the report it is about (a section's text, a table): "" for the whole
	`ALTER TABLE remarks ADD COLUMN key TEXT NOT NULL DEFAULT '';`,
	// 3: a remark names the version of the report it was made on (the submitted one): the remarks
	// of the last review are those of the highest version; 0 for remarks made before
	`ALTER TABLE remarks ADD COLUMN version INTEGER NOT NULL DEFAULT 0;`,
}

// Store is the embedded database of one district.
type Store struct {
	db *sql.DB
	// wmu queues the writers of this process in Go, fairly, before SQLite's lock: under load
	// SQLite's busy handler (sleep and retry) starves some writers past busy_timeout
	// (nbload: 14 SQLITE_BUSY of 4,025 saves and a p99 of 11.7 s without it).
	wmu sync.Mutex
}

// exec runs one writing statement in the writers' queue.
func (s *Store) exec(query string, args ...any) (sql.Result, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.db.Exec(query, args...)
}

// begin starts a write transaction, holding the writers' queue until it ends; done commits
// (if commit) or rolls back, and lets the next writer in.
func (s *Store) begin() (*sql.Tx, func(commit bool) error, error) {
	s.wmu.Lock()
	tx, err := s.db.Begin()
	if err != nil {
		s.wmu.Unlock()
		return nil, nil, err
	}
	ended := false
	return tx, func(commit bool) error { // idempotent: defer done(false) after done(true) is a no-op
		if ended {
			return nil
		}
		ended = true
		defer s.wmu.Unlock()
		if commit {
			return tx.Commit()
		}
		return tx.Rollback()
	}, nil
}

// Open opens (creating it if need be) the database in dir, in WAL mode so readers and an online
// backup never block the one writer, and migrates its schema to the newest version.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, i18n.Wrap(err, "无法创建数据文件夹 %s", "cannot create the data folder %s", dir)
	}
	path := filepath.Join(dir, DBName)
	// _txlock=immediate: a write transaction takes the write lock at BEGIN, so two writers queue
	// on busy_timeout instead of failing with SQLITE_BUSY on upgrade.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, i18n.Wrap(err, "无法打开数据库 %s", "cannot open the database %s", path)
	}
	s := &Store{db: db}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, i18n.Wrap(err, "数据库 %s 无法升级", "cannot migrate the database %s", path)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// migrate runs the migrations the database has not had yet, each in its own transaction with
// the version it reaches.
func (s *Store) migrate() error {
	if _, err := s.db.Exec(`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	for {
		tx, err := s.db.Begin()
		if err != nil {
			return err
		}
		var v int
		err = tx.QueryRow(`SELECT version FROM schema_version`).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.Exec(`INSERT INTO schema_version VALUES (0)`)
		}
		if err != nil {
			tx.Rollback()
			return err
		}
		if v > len(migrations) {
			tx.Rollback()
			return fmt.Errorf("the database has schema version %d, newer than this program's %d", v, len(migrations))
		}
		if v == len(migrations) {
			return tx.Rollback()
		}
		if _, err := tx.Exec(migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		if _, err := tx.Exec(`UPDATE schema_version SET version = ?`, v+1); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}

// Version is the schema version of the database.
func (s *Store) Version() (int, error) {
	var v int
	err := s.db.QueryRow(`SELECT version FROM schema_version`).Scan(&v)
	return v, err
}

// Backup writes a consistent copy of the database to path with VACUUM INTO: it reads one
// snapshot (WAL readers never block the writer), and the copy is a plain database file that
// Open takes as it is. path must not exist yet.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return i18n.Errorf("%s 已存在，不会覆盖", "%s exists already; it is not overwritten", path)
	}
	if strings.ContainsAny(path, "?#") {
		return i18n.Errorf("备份文件名不能含 ? 或 #：%s", "a backup name may not contain ? or #: %s", path)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return i18n.Wrap(err, "备份到 %s 失败", "the backup to %s failed", path)
	}
	return nil
}

// newID is a random identifier of 128 bits, in hex: IDs in URLs cannot be guessed.
func newID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand, Go ≥ 1.24)
	return hex.EncodeToString(b[:])
}
