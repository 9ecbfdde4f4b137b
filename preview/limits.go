package preview

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits of the preview's server: one person's browser needs a connection or two per open tab
// and one event stream per tab. Anything else on the machine that connects gets no more than
// these, so it cannot make the preview hold thousands of streams or idle connections.
const (
	MaxStreams        = 16               // open event streams (tabs showing the preview)
	MaxConns          = 64               // open connections; more wait to be accepted
	ReadHeaderTimeout = 5 * time.Second  // a connection that sends no request is closed
	IdleTimeout       = 15 * time.Second // a kept-alive connection with no next request is closed
	maxHeaderBytes    = 16 << 10
)

// HTTPServer is the preview's server with those limits; serve it on Listen's listener.
func (s *Server) HTTPServer() *http.Server {
	// no ReadTimeout or WriteTimeout: they would cut the event streams, which live as long as
	// the tab; an idle or silent connection is closed by the two timeouts below instead
	return &http.Server{Handler: s.Handler(), ReadHeaderTimeout: ReadHeaderTimeout, IdleTimeout: IdleTimeout,
		MaxHeaderBytes: maxHeaderBytes}
}

// subscribe registers an event stream; false when MaxStreams are open already.
func (s *Server) subscribe(ch chan int) (version int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.subs == nil {
		s.subs = map[chan int]bool{}
	}
	if len(s.subs) >= MaxStreams {
		return 0, false
	}
	s.subs[ch] = true
	return s.version, true
}

// limitListener accepts at most n connections at a time: Accept waits until one closes.
type limitListener struct {
	net.Listener
	slots chan struct{}
}

func limit(l net.Listener, n int) net.Listener {
	return &limitListener{l, make(chan struct{}, n)}
}

func (l *limitListener) Accept() (net.Conn, error) {
	l.slots <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
