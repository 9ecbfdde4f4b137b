// Command release makes the release files of one commit with the Go toolchain alone: static
// binaries for Windows, Linux (including the arm64 and LoongArch 信创 machines) and macOS, named
// by version and platform; the Windows ones zipped with the README and the licences (ours and the
// embedded fonts'); and SHA256SUMS. The same commit gives byte-identical files: -trimpath, no
// cgo, the version and the commit stamped from git, and zip entries dated at the commit.
//
//	go run ./scripts/release [-version v1.2.3] [-o dist] [-targets linux/amd64,windows/amd64]
package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// releaseTargets are the platforms of a release.
var releaseTargets = []string{"windows/amd64", "windows/arm64", "linux/amd64", "linux/arm64", "linux/loong64", "darwin/arm64", "darwin/amd64"}

func main() {
	ver := flag.String("version", "", "version to stamp (default: git describe --tags --always)")
	out := flag.String("o", "dist", "output folder")
	targets := flag.String("targets", strings.Join(releaseTargets, ","), "GOOS/GOARCH list")
	flag.Parse()
	files, err := Release(*ver, *out, strings.Split(*targets, ","))
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
	for _, f := range files {
		st, _ := os.Stat(f)
		fmt.Printf("%10d  %s\n", st.Size(), f)
	}
}

// Release builds the targets into out and returns the files written, SHA256SUMS last.
func Release(ver, out string, targets []string) ([]string, error) {
	if ver == "" {
		v, err := git("describe", "--tags", "--always", "--dirty")
		if err != nil {
			return nil, err
		}
		ver = v
	}
	when, err := git("log", "-1", "--format=%ct")
	if err != nil {
		return nil, err
	}
	sec, _ := strconv.ParseInt(when, 10, 64)
	date := time.Unix(sec, 0).UTC()
	if err := os.MkdirAll(out, 0o777); err != nil {
		return nil, err
	}
	var files []string
	for _, t := range targets {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(t), "/")
		if !ok {
			return nil, fmt.Errorf("target %q is not GOOS/GOARCH", t)
		}
		name := fmt.Sprintf("nianbao-%s-%s-%s", ver, goos, goarch)
		bin := filepath.Join(out, name)
		if goos == "windows" {
			bin += ".exe"
		}
		cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=true", "-ldflags", "-s -w -buildid= -X main.version="+ver, "-o", bin, "./cmd/nianbao")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("build %s: %w", t, err)
		}
		if goos != "windows" {
			files = append(files, bin)
			continue
		}
		z := filepath.Join(out, name+".zip")
		if err := zipWith(z, bin, date); err != nil {
			return nil, err
		}
		os.Remove(bin)
		files = append(files, z)
	}
	sort.Strings(files)
	var sums bytes.Buffer
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&sums, "%x  %s\n", sha256.Sum256(b), filepath.Base(f))
	}
	s := filepath.Join(out, "SHA256SUMS")
	if err := os.WriteFile(s, sums.Bytes(), 0o666); err != nil {
		return nil, err
	}
	return append(files, s), nil
}

// zipWith zips a Windows binary as nianbao.exe with the README and the licences, every entry
// dated at the commit, in a fixed order.
func zipWith(path, bin string, date time.Time) error {
	entries := [][2]string{{"nianbao.exe", bin}, {"README.md", "README.md"}, {"LICENSE", "LICENSE"}}
	fonts, _ := filepath.Glob("fonts/default/OFL-*.txt")
	sort.Strings(fonts)
	for _, f := range fonts {
		entries = append(entries, [2]string{"licenses/" + filepath.Base(f), f})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e[0], Method: zip.Deflate, Modified: date}
		h.SetMode(0o644)
		if e[0] == "nianbao.exe" {
			h.SetMode(0o755)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		f, err := os.Open(e[1])
		if err != nil {
			return err
		}
		_, err = io.Copy(w, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o666)
}

func git(args ...string) (string, error) {
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}
