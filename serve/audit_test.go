package serve

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAuditAccounts: an account made by the administrator and a password set through the link
// are in the audit log, and a report's row names its unit and year rather than an opaque ID.
func TestAuditAccounts(t *testing.T) {
	w, unitA, _ := district(t)
	admin := w.login("admin")
	if st, body := admin.post("/admin/users", url.Values{"name": {"新填报员"}, "role": {Clerk}, "unit": {unitA}}); st != 200 {
		t.Fatalf("create: %d %s", st, body)
	}
	tok, err := w.store.NewSetup("新填报员", w.clock()) // the link the page showed, made anew
	if err != nil {
		t.Fatal(err)
	}
	c := w.client()
	if st, body := c.postRaw(SetupPath(tok), url.Values{"password": {"a long enough password"}, "password2": {"a long enough password"}}); st != 200 {
		t.Fatalf("set-up: %d %s", st, body)
	}
	a := w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	_, p := a.get(page)
	v := form(p)
	v.Set("table3.new#0", "4")
	if st, body := a.post(page+"/save", v); st != 200 {
		t.Fatalf("save: %d %s", st, body)
	}
	_, got := admin.get("/admin/audit?format=csv")
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix([]byte(got), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"time", "who", "unit", "year", "key", "old", "new"}; !slices.Equal(rows[0], want) {
		t.Fatalf("columns %q", rows[0])
	}
	var lines []string
	for _, r := range rows[1:] {
		lines = append(lines, strings.Join(r[1:], "|"))
	}
	for _, want := range []string{"admin|||account 新填报员||clerk 甲镇", "新填报员|||password||set", "clerkA|甲镇|2026|table3.new#0|0|4"} {
		if !slices.Contains(lines, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, strings.Join(lines, "\n"))
		}
	}
	if strings.Contains(got, "a long enough password") {
		t.Error("the audit log holds a password")
	}
}

// TestArgonBounded: with every argon2id slot taken, a further hash waits for one to come free —
// set-ups and logins arriving together cannot take the server's memory.
func TestArgonBounded(t *testing.T) {
	for range cap(argonSlots) {
		argonSlots <- struct{}{}
	}
	done := make(chan string)
	go func() { done <- hashPassword("x") }()
	select {
	case <-done:
		t.Fatal("a hash ran with every slot taken")
	case <-time.After(200 * time.Millisecond):
	}
	<-argonSlots
	if h := <-done; !checkPassword(h, "x") {
		t.Error("the hash made after waiting does not check")
	}
	for range cap(argonSlots) - 1 {
		<-argonSlots
	}
}
