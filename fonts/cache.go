package fonts

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"nianbao/internal/safefile"
)

// The discovery cache: what scanNames found in each font file, kept between runs in the user's
// cache folder (os.UserCacheDir()/nianbao/fonts.json) so that a command does not open and read
// every system font again at start-up. An entry is used only while its file has the size and
// modification time recorded with it (the folders are walked every time, so a font added or
// removed is seen at once); a missing, unreadable, stale or corrupt cache costs a scan and is
// rewritten, never an error. NIANBAO_FONT_CACHE=off disables it.

// cacheVersion changes whenever what scanNames records changes.
const cacheVersion = 1

type fontCache struct {
	Version int
	Files   map[string]cachedFile // by path
}

type cachedFile struct {
	Size, ModTime int64 // ModTime in Unix nanoseconds
	Faces         []cachedFace
}

type cachedFace struct {
	Source  string
	Names   []string
	Regular bool
}

// cachePath is the cache file, "" when there is no user cache folder or the cache is off.
func cachePath() string {
	if os.Getenv("NIANBAO_FONT_CACHE") == "off" {
		return ""
	}
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		return ""
	}
	return filepath.Join(dir, "nianbao", "fonts.json")
}

// readCache reads the cache through safefile's guarded reader (a regular file, at most 8 MB: the
// folder is the user's, but what is in it is not trusted); an unusable one reads as empty.
func readCache(path string) fontCache {
	empty := fontCache{Version: cacheVersion, Files: map[string]cachedFile{}}
	if path == "" {
		return empty
	}
	b, err := safefile.Read(path, 8<<20)
	if err != nil {
		return empty
	}
	var c fontCache
	if json.Unmarshal(b, &c) != nil || c.Version != cacheVersion || c.Files == nil {
		return empty
	}
	return c
}

// writeCache replaces the cache atomically (a temporary file renamed over it), so that another
// process reads the old cache or the new one, never half of one. Failures are ignored.
func writeCache(path string, c fontCache) {
	if path == "" {
		return
	}
	b, err := json.Marshal(c)
	if err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), "fonts-*.tmp")
	if err != nil {
		return
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
	}
}

// prune drops the entries of files under dirs that the walk did not see (removed fonts); changed
// reports whether there were any.
func (c *fontCache) prune(dirs []string, seen map[string]bool) (changed bool) {
	for p := range c.Files {
		if seen[p] {
			continue
		}
		for _, d := range dirs {
			if rel, err := filepath.Rel(d, p); err == nil && !strings.HasPrefix(rel, "..") {
				delete(c.Files, p)
				changed = true
				break
			}
		}
	}
	return changed
}

// scanCached is scanNames answered from the cache while the file is unchanged; changed reports
// whether the cache was updated.
func scanCached(c *fontCache, path string) (faces []faceNames, changed bool) {
	info, err := os.Stat(path) // a link's target: a font replaced behind a link is seen
	if err != nil {
		return scanNames(path), false
	}
	size, mod := info.Size(), info.ModTime().UnixNano()
	if cf, ok := c.Files[path]; ok && cf.Size == size && cf.ModTime == mod {
		for _, f := range cf.Faces {
			faces = append(faces, faceNames{source: f.Source, names: f.Names, regular: f.Regular})
		}
		return faces, false
	}
	faces = scanNames(path)
	cf := cachedFile{Size: size, ModTime: mod, Faces: []cachedFace{}}
	for _, f := range faces {
		cf.Faces = append(cf.Faces, cachedFace{Source: f.source, Names: f.names, Regular: f.regular})
	}
	c.Files[path] = cf
	return faces, true
}
