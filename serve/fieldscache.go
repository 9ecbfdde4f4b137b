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
	mu sync.Mutex
	m  map[[32]byte]formFieldsOf
}

type formFieldsOf struct {
	fs Fields
	f  *model.Format
}

// maxFields bounds the fields cache: a district's reports, each in a version or two.
const maxFields = 512

// fieldsOf is the package's fieldsOf through the cache. The fields are the caller's to change.
func (s *Server) fieldsOf(data string) (Fields, *model.Format) {
	key := sha256.Sum256([]byte(data))
	s.fields.mu.Lock()
	c, ok := s.fields.m[key]
	s.fields.mu.Unlock()
	if !ok {
		c.fs, c.f = fieldsOf(data)
		s.keep(key, c)
	}
	return maps.Clone(c.fs), c.f
}

// keepFields remembers the fields of a data file known without decoding it (encodeRaw's values
// give the same fields as the TOML written from them: TestFieldsOfRaw).
func (s *Server) keepFields(data string, fs Fields, f *model.Format) {
	s.keep(sha256.Sum256([]byte(data)), formFieldsOf{fs, f})
}

func (s *Server) keep(key [32]byte, c formFieldsOf) {
	s.fields.mu.Lock()
	if s.fields.m == nil || len(s.fields.m) >= maxFields {
		s.fields.m = map[[32]byte]formFieldsOf{}
	}
	s.fields.m[key] = c
	s.fields.mu.Unlock()
}
