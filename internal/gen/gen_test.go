package gen

import (
	"nianbao/check"
	"nianbao/datafile"
	"strings"
	"testing"
)

// TestReports: 10,000 reports have 10,000 distinct organs, kinds that match their names, clean
// narrative (no "%!"), and every one decodes and checks without errors.
func TestReports(t *testing.T) {
	seen := map[string]int{}
	for i := range 10000 {
		place, suf, county := unit(i)
		name := county + place + suf
		if j, dup := seen[name]; dup {
			t.Fatalf("reports %d and %d are both %s", j, i, name)
		}
		seen[name] = i
	}
	for i := 0; i < 10000; i += 97 {
		src := Report(i, 1)
		if strings.Contains(src, "%!") {
			t.Fatalf("report %d: formatting residue:\n%s", i, src)
		}
		r, err := datafile.Decode(Name(i), []byte(src), nil)
		if err != nil {
			t.Fatalf("report %d: %v", i, err)
		}
		if want := map[bool]string{true: "街道", false: "乡镇"}[strings.HasSuffix(r.Organ, "街道办事处")]; r.Kind != want {
			t.Errorf("report %d: %s is of kind %s", i, r.Organ, r.Kind)
		}
		if check.HasErrors(check.Check(r)) {
			t.Errorf("report %d does not check clean: %v", i, check.Check(r))
		}
	}
}
