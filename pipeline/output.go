package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"nianbao/i18n"
	"nianbao/internal/safefile"
)

// Temporaries are named ".nb-<random>.tmp": short, so a long report name never makes them fail,
// and recognisable, so a killed run's leftovers can be removed by the next run in that folder.
const (
	tmpPrefix = ".nb-"
	tmpSuffix = ".tmp"
)

// live holds the temporaries being written, so that an interrupt can remove them (Interrupt).
var live sync.Map // path → struct{}

// createTemp makes a new temporary in dir. Its permissions are 0666 less the umask, as any
// file the user makes (os.CreateTemp would make 0600). A variable, so tests can fail it.
var createTemp = func(dir string) (*os.File, error) {
	for range 100 {
		p := filepath.Join(dir, fmt.Sprintf("%s%08x%s", tmpPrefix, rand.Uint32(), tmpSuffix))
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, errors.New("no free temporary name")
}

// writer wraps what a temporary is written through; tests make it fail as a full disk does.
var writer = func(f *os.File) io.Writer { return f }

// commits is held (shared) while a temporary is made and while a set is renamed into place, and
// taken whole by Interrupt: an interrupt never lands between the renames of one set, and never
// misses a temporary just made.
var commits sync.RWMutex

// held are the output-folder locks this process holds: path → struct{}.
var held sync.Map

// Interrupt is what the command does on SIGINT or SIGTERM before it exits: it waits for a set
// being renamed into place, then removes every temporary still being written and releases the
// locks. Nothing is committed after it.
func Interrupt() {
	commits.Lock()
	for _, m := range []*sync.Map{&live, &held} {
		m.Range(func(k, _ any) bool {
			os.Remove(k.(string))
			m.Delete(k)
			return true
		})
	}
}

// CleanTemps removes the temporaries a killed run left in dir. Only a build holding dir's lock
// may call it: no other build can be writing there.
func CleanTemps(dir string) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if n := e.Name(); strings.HasPrefix(n, tmpPrefix) && strings.HasSuffix(n, tmpSuffix) && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

// file is one output of a set: its final path and what writes it.
type file struct {
	path  string
	write func(io.Writer) error
}

// writeSet writes files as a set: each into a temporary in its folder, and only when all are
// written and closed are they renamed into place. On any failure the temporaries go, and so do
// files of the set already renamed, so a folder never holds part of a set.
func writeSet(files []file) (out []string, err error) {
	tmps := make([]string, len(files))
	defer func() {
		for _, t := range tmps {
			if t != "" {
				os.Remove(t)
				live.Delete(t)
			}
		}
	}()
	for i, f := range files {
		if tmps[i], err = writeTemp(f); err != nil {
			return nil, err
		}
	}
	commits.RLock()
	defer commits.RUnlock()
	for i, f := range files {
		if err := os.Rename(tmps[i], f.path); err != nil {
			for _, done := range out {
				os.Remove(done)
			}
			return nil, ioErr(f.path, err)
		}
		live.Delete(tmps[i])
		tmps[i] = ""
		out = append(out, f.path)
	}
	return out, nil
}

// writeTemp writes one file into a new temporary beside its final path.
func writeTemp(f file) (string, error) {
	dir := filepath.Dir(f.path)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return "", ioErr(dir, err)
	}
	// made and registered under the shared lock, so an interrupt sees every temporary that exists
	commits.RLock()
	tmp, err := createTemp(dir)
	if err == nil {
		live.Store(tmp.Name(), struct{}{})
	}
	commits.RUnlock()
	if err != nil {
		return "", ioErr(f.path, err)
	}
	if err := f.write(writer(tmp)); err != nil {
		tmp.Close()
		var le i18n.Localized
		if errors.As(err, &le) {
			return tmp.Name(), err
		}
		return tmp.Name(), ioErr(f.path, err)
	}
	if err := tmp.Close(); err != nil {
		return tmp.Name(), ioErr(f.path, err)
	}
	return tmp.Name(), nil
}

// WriteAtomic writes one file through a temporary in the same folder: a failed write leaves no
// partial file and never replaces a good one.
func WriteAtomic(path string, write func(io.Writer) error) error {
	_, err := writeSet([]file{{path, write}})
	return err
}

// IOError is a file that could not be written. DiskFull is set when the disk (or quota) is
// full or read-only: a batch then stops, as every further report would fail the same way.
type IOError struct {
	Path     string
	Err      error
	DiskFull bool
}

func ioErr(path string, err error) error {
	var ie *IOError
	if errors.As(err, &ie) {
		return ie
	}
	return &IOError{Path: path, Err: err, DiskFull: safefile.IsNoSpace(err)}
}

func (e *IOError) Unwrap() error { return e.Err }
func (e *IOError) Error() string { return e.In(i18n.Zh) }
func (e *IOError) In(l i18n.Lang) string {
	return i18n.Text{Zh: "无法写入 " + e.Path + "：" + safefile.OSMessage(e.Err, i18n.Zh),
		En: "cannot write " + e.Path + ": " + safefile.OSMessage(e.Err, i18n.En)}.In(l)
}

// maxName is the longest output base name, in bytes: file systems allow 255, and ".docx"
// (or a later ".ofd.tmp") must still fit.
const maxName = 200

// shorten cuts a name longer than maxName bytes to a readable prefix and a short hash of the
// whole name, so two long names that share a prefix stay apart and the same name always gives
// the same file. It first makes the name portable (name.go): no format controls, no device name.
func shorten(name string) string {
	name = portable(name)
	if len(name) <= maxName {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	tag := "-" + hex.EncodeToString(sum[:4])
	cut := maxName - len(tag)
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return name[:cut] + tag
}
