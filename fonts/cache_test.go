package fonts

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// discoverFresh is Discover without the process's memo.
func discoverFresh(dirs []string) map[string]string {
	discoverMu.Lock()
	discoverMemo = map[string]map[string]string{}
	discoverMu.Unlock()
	return Discover(dirs)
}

// TestDiscoveryCache: the second discovery answers from the cache (proved by an entry edited in
// the cache showing through); a font whose modification time changes is scanned again; a corrupt
// cache is replaced; a removed font's entry is dropped; with NIANBAO_FONT_CACHE=off nothing is
// written.
func TestDiscoveryCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv("NIANBAO_FONT_CACHE", "")
	dir := t.TempDir()
	b, err := os.ReadFile("testdata/fangsong.ttf")
	if err != nil {
		t.Fatal(err)
	}
	font := filepath.Join(dir, "a.ttf")
	os.WriteFile(font, b, 0o644)
	first := discoverFresh([]string{dir})
	if len(first) == 0 {
		t.Fatal("no family found in testdata/fangsong.ttf")
	}
	path := cachePath()
	c := readCache(path)
	cf, ok := c.Files[font]
	if !ok || len(cf.Faces) != 1 {
		t.Fatalf("cache %s: %+v", path, c)
	}
	// the cache is what the second run reads
	cf.Faces[0].Names = []string{"Cached Family"}
	c.Files[font] = cf
	writeCache(path, c)
	if got := discoverFresh([]string{dir}); got["cachedfamily"] != font {
		t.Errorf("the second discovery did not use the cache: %v", got)
	}
	// a changed file is scanned again
	later := time.Now().Add(time.Hour)
	os.Chtimes(font, later, later)
	if got := discoverFresh([]string{dir}); got["cachedfamily"] != "" || len(got) != len(first) {
		t.Errorf("a changed file was not scanned again: %v", got)
	}
	// a corrupt cache is a cache miss, and is rewritten
	for _, junk := range []string{"{", `{"Version": 1, "Files": {"x": 5}}`, "\x00\x01", `{"Version": 99}`} {
		os.WriteFile(path, []byte(junk), 0o644)
		if got := discoverFresh([]string{dir}); len(got) != len(first) {
			t.Errorf("with a cache of %q: %v", junk, got)
		}
		var back fontCache
		if cb, _ := os.ReadFile(path); json.Unmarshal(cb, &back) != nil || back.Version != cacheVersion || back.Files[font].Size != int64(len(b)) {
			t.Errorf("the corrupt cache %q was not rewritten: %s", junk, cb)
		}
	}
	// a removed font leaves the cache
	os.Remove(font)
	if got := discoverFresh([]string{dir}); len(got) != 0 {
		t.Errorf("a removed font is still found: %v", got)
	}
	if _, ok := readCache(path).Files[font]; ok {
		t.Error("a removed font's entry stays in the cache")
	}
	// off: nothing read or written
	t.Setenv("NIANBAO_FONT_CACHE", "off")
	os.Remove(path)
	os.WriteFile(font, b, 0o644)
	if got := discoverFresh([]string{dir}); len(got) != len(first) {
		t.Errorf("with the cache off: %v", got)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("NIANBAO_FONT_CACHE=off wrote the cache")
	}
}
