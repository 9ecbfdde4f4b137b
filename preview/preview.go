// Package preview is the live preview (nianbao preview): a page on the loopback address that
// shows the report's pages as SVG (package svg, the PDF's glyphs where the PDF puts them), the
// check findings beside them — a click highlights the cell or paragraph a finding names — and
// the fonts in use; on every save of the data file, its narrative files or the theme it lays the
// report out again and the page updates in place. It also serves nianbao watch, which rebuilds
// the output files instead.
//
// It sits at the end of the pipeline, beside the writers: pipeline.Check → doc → layout → svg.
package preview

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"nianbao/check"
	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/layout"
	"nianbao/pipeline"
	"nianbao/svg"
	"nianbao/theme"
	"nianbao/tree"
)

// Setup loads the theme and resolves the fonts (the command's, with its --font flags).
type Setup func() (*theme.Theme, *fonts.Set, error)

// Server is one report's preview.
type Server struct {
	File  string // the data file
	Theme string // the theme file, "" for the default
	Setup Setup
	Check pipeline.CheckOptions
	Lang  i18n.Lang

	mu      sync.Mutex
	version int
	content []byte            // the page's content as JSON (Content)
	files   []string          // the files whose saving lays the report out again
	subs    map[chan int]bool // open event streams
	addr    string
}

// Content is what the page shows, sent as JSON.
type Content struct {
	Version  int    `json:"version"`
	CSS      string `json:"css"`      // the fonts
	Pages    string `json:"pages"`    // <svg> elements
	Findings string `json:"findings"` // <li> elements with data-where
	Fonts    string `json:"fonts"`
	Error    string `json:"error"` // what stops the layout (data or theme), shown on the page
	Took     string `json:"took"`
}

// Render checks and lays out the report again and bumps the version.
func (s *Server) Render() {
	start := time.Now()
	c := Content{}
	files := []string{s.File}
	if s.Theme != "" {
		files = append(files, s.Theme)
	}
	res := pipeline.Check(s.File, s.Check)
	var b strings.Builder
	for _, f := range res.Findings {
		sev := "warning"
		if f.Severity == check.Error {
			sev = "error"
		}
		fmt.Fprintf(&b, `<li class="%s" data-where="%s">%s</li>`, sev, html.EscapeString(f.Where), html.EscapeString(f.In(s.Lang)))
	}
	c.Findings = b.String()
	switch {
	case res.Err != nil:
		c.Error = i18n.Message(res.Err, s.Lang)
	case res.Report == nil:
		c.Error = i18n.F("数据文件有错误，无法排版：见右侧的问题", "the data file has errors and cannot be laid out: see the findings").In(s.Lang)
	default:
		for _, f := range res.Report.TextFiles {
			files = append(files, f)
		}
		th, set, err := s.Setup()
		if err != nil {
			c.Error = i18n.Message(err, s.Lang)
			break
		}
		laid, err := layout.Layout(tree.Build(res.Report), th, set)
		if err != nil {
			c.Error = i18n.Message(err, s.Lang)
			break
		}
		c.CSS = svg.Fonts(laid)
		var pb bytes.Buffer
		for _, p := range laid.Pages {
			svg.Page(&pb, p)
		}
		c.Pages = pb.String()
		var fb strings.Builder
		for r := fonts.Role(0); r < fonts.NumRoles; r++ {
			f := set.Primary(r)
			if f.Official {
				fmt.Fprintf(&fb, "<li>%s: %s</li>", r.Name(), html.EscapeString(f.Family))
			} else { // an open stand-in: say for which official face (the filed document names the official one)
				fmt.Fprintf(&fb, "<li>%s: %s（代替 %s；本机没有装 %s / stands in for %s）</li>", r.Name(), html.EscapeString(f.Family),
					r.Official(), r.Official(), r.Official())
			}
		}
		c.Fonts = fb.String()
	}
	c.Took = time.Since(start).Round(time.Millisecond).String()
	s.mu.Lock()
	s.version++
	c.Version = s.version
	s.content, _ = json.Marshal(c)
	s.files = files
	v := s.version
	for ch := range s.subs {
		select {
		case ch <- v:
		default: // a slow page catches up with the next
		}
	}
	s.mu.Unlock()
}

// Listen opens the loopback address (port 0: a free one) and returns it.
func (s *Server) Listen(port int) (net.Listener, error) {
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return nil, err
	}
	s.addr = ln.Addr().String()
	return limit(ln, MaxConns), nil
}

// Handler serves the page, its content and its events — and nothing else, and only to requests
// addressed to the loopback address and port (a DNS-rebinding page cannot reach it).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	})
	mux.HandleFunc("GET /content", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		c := s.content
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(c)
	})
	mux.HandleFunc("GET /events", s.events)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		port := s.addr[strings.LastIndexByte(s.addr, ':'):]
		switch r.Host {
		case "127.0.0.1" + port, "localhost" + port, "[::1]" + port:
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; font-src data:; script-src 'unsafe-inline'")
			mux.ServeHTTP(w, r)
		default:
			http.Error(w, "forbidden: the preview answers only at "+s.addr, http.StatusForbidden)
		}
	})
}

// events streams the version after every layout (server-sent events).
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "no streaming", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := make(chan int, 1)
	v, ok := s.subscribe(ch) // limits.go: at most MaxStreams
	if !ok {
		http.Error(w, "too many preview pages are open: close some and reload", http.StatusServiceUnavailable)
		return
	}
	defer func() { s.mu.Lock(); delete(s.subs, ch); s.mu.Unlock() }()
	fmt.Fprintf(w, "data: %d\n\n", v)
	fl.Flush()
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	for {
		select {
		case v := <-ch:
			fmt.Fprintf(w, "data: %d\n\n", v)
			fl.Flush()
		case <-tick.C:
			fmt.Fprint(w, ": alive\n\n")
			fl.Flush()
		case <-r.Context().Done():
			return
		}
	}
}

// Watch calls changed after every save of the files (the data file, its narrative files, the
// theme), a few milliseconds after the last event of a save (editors write in several steps).
// It watches their folders: an editor's atomic save replaces the file. It also calls changed
// once as soon as the watchers are in place, so a save made while the caller was starting up
// (between its first build and the watching) is not lost.
func Watch(ctx context.Context, files func() []string, changed func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	dirs := map[string]bool{}
	add := func() {
		for _, f := range files() {
			d := filepath.Dir(f)
			if !dirs[d] {
				if w.Add(d) == nil {
					dirs[d] = true
				}
			}
		}
	}
	add()
	changed()
	add() // the first build may have named narrative files
	var timer *time.Timer
	fire := make(chan struct{}, 1)
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev := <-w.Events:
			if !watched(files(), ev.Name) || ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename) == 0 {
				continue
			}
			if timer != nil {
				timer.Stop()
			}
			timer = time.AfterFunc(20*time.Millisecond, func() {
				select {
				case fire <- struct{}{}:
				default:
				}
			})
		case <-fire:
			changed()
			add() // narrative files may have come or gone
		case err := <-w.Errors:
			_ = err // a watcher error (queue overflow) loses events, not the preview: the next save redraws
		}
	}
}

func watched(files []string, name string) bool {
	for _, f := range files {
		if a, b := filepath.Clean(f), filepath.Clean(name); a == b || sameFile(a, b) {
			return true
		}
	}
	return false
}

func sameFile(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}

// Files are the files whose saving lays the report out again.
func (s *Server) Files() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.files...)
}

// Addr is the address the preview listens on.
func (s *Server) Addr() string { return s.addr }
