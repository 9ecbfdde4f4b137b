//go:build linux

package main

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestStartupBudget: what every command pays before it starts, read from GODEBUG=inittrace=1 —
// the bytes package initialisation allocates, which do not depend on the machine's load (the
// budget of BENCHMARKS.md's start-up section). nianbao's own packages may allocate 64 KB in all
// (regular expressions, templates, tables and hashes are made on first use: a password hash at
// init once cost every command 20 MB and 100 ms); everything, the libraries included, 2 MB
// (excelize's package variables are 1 MB of it).
func TestStartupBudget(t *testing.T) {
	cmd := exec.Command(bin, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	re := regexp.MustCompile(`(?m)^init (\S+) @\S+ ms, \S+ ms clock, (\d+) bytes`)
	own, all := 0, 0
	var heavy []string
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		n, _ := strconv.Atoi(m[2])
		all += n
		if strings.HasPrefix(m[1], "nianbao/") {
			own += n
			if n > 8<<10 {
				heavy = append(heavy, m[1]+" "+m[2])
			}
		}
	}
	if all == 0 {
		t.Fatalf("no inittrace lines:\n%s", out)
	}
	t.Logf("package init: nianbao's packages %d bytes, all %d bytes", own, all)
	if own > 64<<10 {
		t.Errorf("nianbao's packages allocate %d bytes at init (budget 64 KB); the largest: %v", own, heavy)
	}
	if all > 2<<20 {
		t.Errorf("package initialisation allocates %d bytes (budget 2 MB)", all)
	}
}
