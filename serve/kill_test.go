package serve

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKillChild is the server of TestKill, run in a process of its own.
func TestKillChild(t *testing.T) {
	dir := os.Getenv("NIANBAO_SERVE_KILL_DIR")
	if dir == "" {
		t.Skip("the child process of TestKill, not a test of its own")
	}
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("ADDR", ln.Addr().String())
	http.Serve(ln, New(Config{Store: st, Now: func() time.Time { return time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC) }}))
}

// TestKill: the server is killed (SIGKILL) while a clerk saves again and again; the database
// then opens, passes SQLite's integrity check, and holds every save that was acknowledged
// (the last one acknowledged, or the one in flight at the kill, never an older one).
func TestKill(t *testing.T) {
	if testing.Short() {
		t.Skip("a child process")
	}
	dir := t.TempDir()
	w := &world{t: t, now: time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)}
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.store = st
	st.AddUnits("甲镇", "admin", w.clock())
	us, _ := st.Units()
	unit := us[0].ID
	w.account("clerkA", Clerk, unit)
	st.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "NIANBAO_SERVE_KILL_DIR="+dir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(out)
	addr := ""
	for sc.Scan() {
		if a, ok := strings.CutPrefix(sc.Text(), "ADDR "); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		t.Fatal("the child did not start")
	}
	w.ts = &httptest.Server{URL: "http://" + addr}
	a := w.login("clerkA")
	page := "/r/" + unit + "/2026"
	acked := 0
	killed := make(chan struct{})
	for i := 1; ; i++ {
		if i == 25 {
			go func() { // the kill lands while saves are under way
				time.Sleep(3 * time.Millisecond)
				cmd.Process.Signal(syscall.SIGKILL)
				close(killed)
			}()
		}
		resp, err := a.http.Get(w.ts.URL + page)
		if err != nil {
			break
		}
		body := readAll(resp)
		v := form(body)
		v.Set("table2.regulations#0", strconv.Itoa(i))
		v.Set("csrf", a.csrf)
		resp, err = a.http.PostForm(w.ts.URL+page+"/save", v)
		if err != nil {
			break
		}
		body = readAll(resp)
		if resp.StatusCode != 200 || !strings.Contains(body, "已保存") {
			t.Fatalf("save %d: %d", i, resp.StatusCode)
		}
		acked = i
		if i > 10000 {
			t.Fatal("the kill did not stop the server")
		}
	}
	<-killed
	cmd.Wait()
	if acked < 24 {
		t.Fatalf("only %d saves acknowledged before the kill", acked)
	}
	st, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ok string
	st.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok)
	if ok != "ok" {
		t.Errorf("integrity_check: %s", ok)
	}
	rep, err := st.Report(unit, 2026)
	if err != nil || rep == nil {
		t.Fatal("no report after the kill", err)
	}
	fs, _ := fieldsOf(rep.Data)
	got, _ := strconv.Atoi(fs["table2.regulations#0"])
	if got != acked && got != acked+1 || rep.Version != got {
		t.Errorf("after the kill: value %d at version %d; the last save acknowledged was %d", got, rep.Version, acked)
	}
	t.Logf("%d saves acknowledged, the database holds save %d", acked, got)
}

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	var b strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&b)
	return b.String()
}
