package preview

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLimits: beyond MaxStreams event streams the preview answers 503 and holds none of them; a
// stream closed frees its place; a connection that sends nothing is closed after
// ReadHeaderTimeout, a kept-alive one after IdleTimeout.
func TestLimits(t *testing.T) {
	s := &Server{}
	ln, err := s.Listen(0)
	if err != nil {
		t.Fatal(err)
	}
	srv := s.HTTPServer()
	go srv.Serve(ln)
	defer srv.Close()
	open := func() (net.Conn, int) {
		c, err := net.Dial("tcp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET /events HTTP/1.1\r\nHost: %s\r\n\r\n", s.Addr())
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		return c, resp.StatusCode
	}
	var conns []net.Conn
	codes := map[int]int{}
	for range MaxStreams + 4 {
		c, code := open()
		conns = append(conns, c)
		codes[code]++
	}
	if codes[200] != MaxStreams || codes[503] != 4 {
		t.Errorf("status codes %v", codes)
	}
	conns[0].Close()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		s.mu.Lock()
		n := len(s.subs)
		s.mu.Unlock()
		if n < MaxStreams {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a closed stream kept its place")
		}
	}
	if c, code := open(); code != 200 {
		t.Errorf("after one closed: %d", code)
	} else {
		c.Close()
	}
	for _, c := range conns {
		c.Close()
	}
	// a kept-alive connection with no next request is closed after IdleTimeout (in the
	// background: the silent connection below is tested meanwhile)
	idle := make(chan error, 1)
	go func() {
		c, err := net.Dial("tcp", s.Addr())
		if err != nil {
			idle <- err
			return
		}
		defer c.Close()
		fmt.Fprintf(c, "GET /nothing HTTP/1.1\r\nHost: %s\r\n\r\n", s.Addr())
		br := bufio.NewReader(c)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			idle <- err
			return
		}
		io.Copy(io.Discard, resp.Body)
		start := time.Now()
		c.SetReadDeadline(time.Now().Add(IdleTimeout + 10*time.Second))
		if _, err := br.ReadByte(); err != io.EOF || time.Since(start) > IdleTimeout+5*time.Second {
			idle <- fmt.Errorf("an idle kept-alive connection: %v after %v", err, time.Since(start))
			return
		}
		idle <- nil
	}()
	defer func() {
		if err := <-idle; err != nil {
			t.Error(err)
		}
	}()
	// a silent connection
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	c.SetReadDeadline(time.Now().Add(ReadHeaderTimeout + 10*time.Second))
	b, err := io.ReadAll(c)
	if d := time.Since(start); err != nil || d > ReadHeaderTimeout+5*time.Second {
		t.Errorf("a silent connection: closed after %v, %v", d, err)
	}
	if len(b) > 0 && !strings.Contains(string(b), "408") {
		t.Errorf("a silent connection got %q", b)
	}
}
