package serve

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"
)

// Roles.
const (
	Admin    = "admin"
	Reviewer = "reviewer"
	Clerk    = "clerk"
)

// argon2id parameters: OWASP's password storage cheat sheet (m = 19 MiB, t = 2, p = 1).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// argonSlots bounds the argon2id computations at once: each takes 19 MiB, and a district's
// clerks setting their passwords or logging in on the same morning must not take the server's
// memory (40 set-ups at once reached 1.4 GB). The others wait their turn (about 50 ms each).
var argonSlots = make(chan struct{}, max(2, runtime.NumCPU()))

// argonKey is argon2.IDKey within argonSlots.
func argonKey(pw, salt []byte, t, m uint32, p uint8, n uint32) []byte {
	argonSlots <- struct{}{}
	defer func() { <-argonSlots }()
	return argon2.IDKey(pw, salt, t, m, p, n)
}

// hashPassword is an argon2id hash in the PHC string format, with a random salt.
func hashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argonKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, b.EncodeToString(salt), b.EncodeToString(key))
}

// checkPassword compares pw with a hash made by hashPassword, in constant time.
func checkPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 16 || p == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argonKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// token is a random secret of 256 bits for a cookie or a link.
func token() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// digest is what the database keeps of a token: a stolen database gives no session and no link.
func digest(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// User is one account.
type User struct {
	ID, Name, Role string
	Unit           string // the unit of a clerk; "" otherwise
	CSRF           string // the session's CSRF token (set for a logged-in request)
}

// SetupLifetime is how long a one-time set-up link works.
const SetupLifetime = 7 * 24 * time.Hour

// SessionLifetime is how long a login lasts.
const SessionLifetime = 12 * time.Hour

// ErrExists: a name already taken.
var ErrExists = errors.New("exists")

// CreateUser makes an account without a password and returns its one-time set-up token.
func (s *Store) CreateUser(name, role, unit string, now time.Time) (id, setup string, err error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 64 {
		return "", "", fmt.Errorf("bad user name")
	}
	var unitArg any
	switch role {
	case Clerk:
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM units WHERE id = ?`, unit).Scan(&n); err != nil || n == 0 {
			return "", "", fmt.Errorf("no such unit")
		}
		unitArg = unit
	case Admin, Reviewer:
	default:
		return "", "", fmt.Errorf("bad role")
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM users WHERE name = ?`, name).Scan(&n)
	if n > 0 {
		return "", "", ErrExists
	}
	id, setup = newID(), token()
	_, err = s.exec(`INSERT INTO users (id, name, role, unit_id, setup_hash, setup_expires, created) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, name, role, unitArg, digest(setup), now.Add(SetupLifetime).Unix(), now.Unix())
	return id, setup, err
}

// NewSetup gives an existing account a fresh one-time set-up link (a forgotten password).
func (s *Store) NewSetup(name string, now time.Time) (string, error) {
	setup := token()
	res, err := s.exec(`UPDATE users SET setup_hash = ?, setup_expires = ? WHERE name = ?`, digest(setup), now.Add(SetupLifetime).Unix(), name)
	if err != nil {
		return "", err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return "", sql.ErrNoRows
	}
	return setup, nil
}

// setupUser is the account a set-up token opens, if it is valid.
func (s *Store) setupUser(tok string, now time.Time) (*User, error) {
	u := &User{}
	var unit sql.NullString
	err := s.db.QueryRow(`SELECT id, name, role, unit_id FROM users WHERE setup_hash = ? AND setup_expires > ?`, digest(tok), now.Unix()).Scan(&u.ID, &u.Name, &u.Role, &unit)
	u.Unit = unit.String
	return u, err
}

// finishSetup sets the password and spends the token: the link works once.
func (s *Store) finishSetup(tok, password string, now time.Time) (*User, error) {
	u, err := s.setupUser(tok, now)
	if err != nil {
		return nil, err
	}
	res, err := s.exec(`UPDATE users SET password = ?, setup_hash = NULL, setup_expires = 0 WHERE id = ? AND setup_hash = ?`, hashPassword(password), u.ID, digest(tok))
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, sql.ErrNoRows
	}
	s.exec(`DELETE FROM sessions WHERE user_id = ?`, u.ID) // a new password ends every old session
	return u, nil
}

// dummyHash is compared against when the name is unknown, so a login takes as long either way.
// Made on first use: an argon2id hash costs 20 MB and 100 ms, which every command paid at
// start-up when it was a package variable (nianbao version: 30 → 167 ms).
var dummyHash = sync.OnceValue(func() string { return hashPassword("not a password") })

// login checks a name and password.
func (s *Store) login(name, password string) (*User, bool) {
	u := &User{}
	var unit sql.NullString
	var hash string
	err := s.db.QueryRow(`SELECT id, name, role, unit_id, password FROM users WHERE name = ?`, name).Scan(&u.ID, &u.Name, &u.Role, &unit, &hash)
	if err != nil || hash == "" {
		checkPassword(dummyHash(), password)
		return nil, false
	}
	u.Unit = unit.String
	return u, checkPassword(hash, password)
}

// newSession starts a session and returns its cookie token.
func (s *Store) newSession(u *User, now time.Time) (string, error) {
	tok := token()
	s.exec(`DELETE FROM sessions WHERE expires <= ?`, now.Unix())
	_, err := s.exec(`INSERT INTO sessions (hash, user_id, csrf, expires) VALUES (?, ?, ?, ?)`, digest(tok), u.ID, token(), now.Add(SessionLifetime).Unix())
	return tok, err
}

// session is the user of a session cookie, with the session's CSRF token.
func (s *Store) session(tok string, now time.Time) (*User, error) {
	u := &User{}
	var unit sql.NullString
	err := s.db.QueryRow(`SELECT u.id, u.name, u.role, u.unit_id, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ? AND s.expires > ?`,
		digest(tok), now.Unix()).Scan(&u.ID, &u.Name, &u.Role, &unit, &u.CSRF)
	u.Unit = unit.String
	return u, err
}

func (s *Store) endSession(tok string) { s.exec(`DELETE FROM sessions WHERE hash = ?`, digest(tok)) }

// throttle counts failed logins per account and per client address: after MaxFailures within
// FailWindow, further attempts are refused until the window has passed (OWASP ASVS 2.2.1).
type throttle struct {
	mu    sync.Mutex
	fails map[string][]time.Time
}

// MaxFailures and FailWindow bound failed logins per account and per address.
const (
	MaxFailures = 5
	FailWindow  = 15 * time.Minute
)

// maxTracked bounds the keys the throttle remembers; past it, a new name is not counted (its
// address always is).
const maxTracked = 100_000

func (t *throttle) recent(key string, now time.Time) []time.Time {
	var keep []time.Time
	for _, at := range t.fails[key] {
		if now.Sub(at) < FailWindow {
			keep = append(keep, at)
		}
	}
	if keep == nil {
		delete(t.fails, key)
	} else {
		t.fails[key] = keep
	}
	return keep
}

// blocked tells whether any of keys has too many recent failures.
func (t *throttle) blocked(now time.Time, keys ...string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		if len(t.recent(k, now)) >= MaxFailures {
			return true
		}
	}
	return false
}

func (t *throttle) fail(now time.Time, keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fails == nil {
		t.fails = map[string][]time.Time{}
	}
	if len(t.fails) > maxTracked { // bounded memory under a flood of names: drop what has expired
		for k := range t.fails {
			t.recent(k, now)
		}
	}
	for _, k := range keys {
		if _, known := t.fails[k]; known || len(t.fails) < maxTracked || strings.HasPrefix(k, "ip:") {
			t.fails[k] = append(t.recent(k, now), now)
		}
	}
}
