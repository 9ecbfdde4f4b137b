package serve

import (
	"crypto/sha256"
	"maps"
	"sync"

	"nianbao/model"
)

// fieldsCache keeps the form's fields of the data files read last, by the data's SHA-256: a
// save reads the fields of the version it replaces (for the audit log), which the save before
// it has just written — decoding that TOML again was a tenth of a save's CPU time (nbload's
// profile).
type fieldsCache struct {
	mu    sync.Mutex
	m     map[[32]byte]formFieldsOf
	bytes int // the data files' bytes the entries stand for
}

type formFieldsOf struct {
	fs Fields
	f  *model.Format
}

// The fields cache is bounded by entries (a district's reports, each in a version or two) and by
// the bytes of the data they stand for: a save may be 2 MB (MaxForm), and one clerk saving large
// forms again and again must not fill the memory (a red-team test reached 1.2 GB at 512 entries).
// A data file over maxCachedData is not kept, here nor in the findings and preview caches; a real
// report's is 10–30 KB.
const (
	maxFields     = 512
	maxFieldBytes = 16 << 20
	maxCachedData = 256 << 10
)

// fieldsOf is the package's fieldsOf through the cache. The fields are the caller's to change.
func (s *Server) fieldsOf(data string) (Fields, *model.Format) {
	key := sha256.Sum256([]byte(data))
	s.fields.mu.Lock()
	c, ok := s.fields.m[key]
	s.fields.mu.Unlock()
	if !ok {
		c.fs, c.f = fieldsOf(data)
		s.keep(key, c, len(data))
	}
	return maps.Clone(c.fs), c.f
}

// keepFields remembers the fields of a data file known without decoding it (encodeRaw's values
// give the same fields as the TOML written from them: TestFieldsOfRaw).
func (s *Server) keepFields(data string, fs Fields, f *model.Format) {
	s.keep(sha256.Sum256([]byte(data)), formFieldsOf{fs, f}, len(data))
}

func (s *Server) keep(key [32]byte, c formFieldsOf, size int) {
	if size > maxCachedData {
		return
	}
	s.fields.mu.Lock()
	defer s.fields.mu.Unlock()
	if _, ok := s.fields.m[key]; ok {
		return
	}
	if s.fields.m == nil || len(s.fields.m) >= maxFields || s.fields.bytes+size > maxFieldBytes {
		s.fields.m, s.fields.bytes = map[[32]byte]formFieldsOf{}, 0
	}
	s.fields.m[key] = c
	s.fields.bytes += size
}
