package serve

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Findings of the red-team review of the day's serve code, each held by a test.

// TestFieldsCacheBounded: the fields cache holds no data file over maxCachedData and never
// more than maxFieldBytes of data in all, however many large saves one clerk sends.
func TestFieldsCacheBounded(t *testing.T) {
	s := &Server{}
	big := strings.Repeat("x", maxCachedData+1)
	s.keepFields(big, Fields{"organ": "x"}, nil)
	if len(s.fields.m) != 0 {
		t.Fatal("a data file over maxCachedData was kept")
	}
	data := strings.Repeat("y", maxCachedData)
	for i := range 200 {
		s.keepFields(data+string(rune('a'+i%26))+strings.Repeat("z", i), Fields{}, nil)
		if s.fields.bytes > maxFieldBytes {
			t.Fatalf("after %d saves the cache stands for %d bytes (at most %d)", i+1, s.fields.bytes, maxFieldBytes)
		}
	}
}

// TestInvalidUTF8Dropped: bytes that are not UTF-8 in a form field (a crafted request) are
// dropped before the data is written, so the stored file still reads (it once read as empty).
func TestInvalidUTF8Dropped(t *testing.T) {
	w, unitA, _ := district(t)
	a := w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	_, p := a.get(page)
	v := form(p)
	v.Set("organ", "甲镇\xff人民政府")
	if st, body := a.post(page+"/save", v); st != http.StatusOK {
		t.Fatalf("save: %d %s", st, body)
	}
	rep, err := w.store.Report(unitA, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if fs, _ := fieldsOf(rep.Data); fs["organ"] != "甲镇人民政府" { // decoded anew, not from the cache
		t.Errorf("stored organ %q", fs["organ"])
	}
}

// TestReturnRemarkAudited: a remark sent with the return is in the audit log, as one kept
// before the return is.
func TestReturnRemarkAudited(t *testing.T) {
	w, unitA, _ := district(t)
	now := w.clock()
	if _, err := w.store.Save(unitA, 2026, 0, "year = 2026\n", 0, 0, nil, "clerkA", now); err != nil {
		t.Fatal(err)
	}
	if err := w.store.Transition(unitA, 2026, 1, []string{Draft}, Submitted, "", "clerkA", now); err != nil {
		t.Fatal(err)
	}
	if err := w.store.Return(unitA, 2026, 2, "table3", "第一行请核对", "审核员", now); err != nil {
		t.Fatal(err)
	}
	cs, _ := w.store.Audit("", 10)
	for _, c := range cs {
		if c.Key == "remark table3" && c.New == "第一行请核对" && c.Who == "审核员" {
			return
		}
	}
	t.Errorf("no audit row for the remark sent with the return: %+v", cs)
}

// TestBodyTooLarge: a form over MaxForm is answered 413 with what happened, not as a form
// without its CSRF token (the token was past the cut).
func TestBodyTooLarge(t *testing.T) {
	w, unitA, _ := district(t)
	a := w.login("clerkA")
	st, body := a.post("/r/"+unitA+"/2026/save", url.Values{"text.other": {strings.Repeat("很长", MaxForm/3)}})
	if st != http.StatusRequestEntityTooLarge || !strings.Contains(body, "超过") {
		t.Errorf("an oversized form: %d %.200s", st, body)
	}
}
