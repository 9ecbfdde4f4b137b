package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRoot(t *testing.T) {
	r := Root()
	if _, err := os.Stat(filepath.Join(r, "internal", "testenv", "testenv.go")); err != nil {
		t.Fatalf("Root() = %q", r)
	}
}

// TestSharedDir: NIANBAO_SHARED wins; a folder without tools/pdfcheck.py is not the shared folder.
func TestSharedDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("NIANBAO_SHARED", dir)
	if d := SharedDir(); d != "" {
		t.Errorf("an empty folder taken for ../shared: %q", d)
	}
	os.MkdirAll(filepath.Join(dir, "tools"), 0o755)
	os.WriteFile(filepath.Join(dir, "tools", "pdfcheck.py"), nil, 0o644)
	if d := SharedDir(); d != dir {
		t.Errorf("SharedDir() = %q, want %q", d, dir)
	}
}

// TestGrowth: a linear loop grows about 8× for 8× the work, a quadratic one far more.
func TestGrowth(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: measuring takes a second (a minute under -race)")
	}
	sink := 0
	linear := func(n int) {
		for i := range n * 1000 {
			sink += i
		}
	}
	quadratic := func(n int) {
		for i := range n * 10 {
			for j := range n * 10 {
				sink += i ^ j
			}
		}
	}
	if g := Growth(linear, 1000, 8000); g > 24 {
		t.Errorf("a linear loop grew %.1f× for 8× the work", g)
	}
	if g := Growth(quadratic, 100, 800); g < 24 {
		t.Errorf("a quadratic loop grew only %.1f× for 8× the work", g)
	}
	_ = sink
}
