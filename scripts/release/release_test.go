package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestReproducible: two releases of one commit are byte-identical (two targets, for time).
func TestReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir("../..")
	if _, err := exec.Command("git", "rev-parse", "HEAD").Output(); err != nil {
		t.Skip("not a git checkout")
	}
	a, b := t.TempDir(), t.TempDir()
	targets := []string{"windows/amd64", "linux/arm64"}
	fa, err := Release("v0.0.0-test", a, targets)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := Release("v0.0.0-test", b, targets)
	if err != nil {
		t.Fatal(err)
	}
	if len(fa) != 3 || len(fb) != 3 {
		t.Fatalf("files: %v %v", fa, fb)
	}
	for i := range fa {
		x, _ := os.ReadFile(fa[i])
		y, _ := os.ReadFile(fb[i])
		if filepath.Base(fa[i]) != filepath.Base(fb[i]) || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two releases of one commit", filepath.Base(fa[i]))
		}
	}
	if filepath.Base(fa[0]) != "nianbao-v0.0.0-test-linux-arm64" || filepath.Base(fa[1]) != "nianbao-v0.0.0-test-windows-amd64.zip" {
		t.Errorf("names: %v", fa)
	}
}
