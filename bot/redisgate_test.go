package bot_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// redisGate is a TCP proxy in front of a Redis server that can hold one
// command back: armed with a predicate, it stops forwarding a client's
// commands at the first one that matches, until the test releases it. The
// replies flow unchanged. It is how a test puts two replicas' reads and
// writes of one deal in a chosen order without sleeping: hold replica A's
// write, let replica B read, write and finish, then let A's write go.
//
// It reads the client side as RESP arrays of bulk strings, which is all
// go-redis sends.
type redisGate struct {
	t      testing.TB
	ln     net.Listener
	target string

	mu      sync.Mutex
	match   func(cmd []string) bool // nil: not armed
	held    chan struct{}           // closed when a command is held
	release chan struct{}           // closed to let it go
	closed  chan struct{}
	conns   []net.Conn
	wg      sync.WaitGroup
}

func startRedisGate(t testing.TB, target string) *redisGate {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := &redisGate{t: t, ln: ln, target: target, closed: make(chan struct{})}
	g.wg.Go(g.accept)
	t.Cleanup(g.close)
	return g
}

// addr is the address clients dial instead of the server's.
func (g *redisGate) addr() string { return g.ln.Addr().String() }

// arm makes the gate hold the first command that match accepts. held is
// closed once one is held; release lets it (and everything after it) go.
func (g *redisGate) arm(match func(cmd []string) bool) (held <-chan struct{}, release func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.match = match
	g.held = make(chan struct{})
	g.release = make(chan struct{})
	rel := g.release
	var once sync.Once
	return g.held, func() { once.Do(func() { close(rel) }) }
}

// disarm stops the gate from holding anything more.
func (g *redisGate) disarm() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.match = nil
}

func (g *redisGate) close() {
	select {
	case <-g.closed:
		return
	default:
	}
	close(g.closed)
	g.ln.Close()
	g.mu.Lock()
	for _, c := range g.conns {
		c.Close()
	}
	g.mu.Unlock()
	g.wg.Wait()
}

func (g *redisGate) accept() {
	for {
		c, err := g.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", g.target)
		if err != nil {
			c.Close()
			continue
		}
		g.mu.Lock()
		g.conns = append(g.conns, c, s)
		g.mu.Unlock()
		g.wg.Go(func() {
			_, _ = io.Copy(c, s)
			c.Close()
		})
		g.wg.Go(func() {
			g.forward(c, s)
			s.Close()
		})
	}
}

// forward copies client commands to the server one at a time, holding one
// back when the gate says so.
func (g *redisGate) forward(client, server net.Conn) {
	r := bufio.NewReader(client)
	for {
		raw, args, err := readCommand(r)
		if err != nil {
			return
		}
		g.mu.Lock()
		hold := g.match != nil && g.match(args)
		var held, release chan struct{}
		if hold {
			g.match = nil
			held, release = g.held, g.release
		}
		g.mu.Unlock()
		if hold {
			close(held)
			select {
			case <-release:
			case <-g.closed:
				return
			}
		}
		if _, err := server.Write(raw); err != nil {
			return
		}
	}
}

// readCommand reads one RESP array of bulk strings and returns its bytes as
// read and its arguments.
func readCommand(r *bufio.Reader) (raw []byte, args []string, err error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, nil, err
	}
	raw = append(raw, line...)
	if !strings.HasPrefix(line, "*") {
		return nil, nil, fmt.Errorf("redisgate: not an array: %q", line)
	}
	n, err := strconv.Atoi(strings.TrimSpace(line[1:]))
	if err != nil {
		return nil, nil, err
	}
	for range n {
		hdr, err := r.ReadString('\n')
		if err != nil {
			return nil, nil, err
		}
		raw = append(raw, hdr...)
		if !strings.HasPrefix(hdr, "$") {
			return nil, nil, errors.New("redisgate: not a bulk string")
		}
		size, err := strconv.Atoi(strings.TrimSpace(hdr[1:]))
		if err != nil {
			return nil, nil, err
		}
		buf := make([]byte, size+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, nil, err
		}
		raw = append(raw, buf...)
		args = append(args, string(buf[:size]))
	}
	return raw, args, nil
}

// writesDeal matches a command that writes a deal's key: a SET of it, or a
// script that names it.
func writesDeal(cmd []string) bool {
	if len(cmd) == 0 {
		return false
	}
	switch strings.ToUpper(cmd[0]) {
	case "SET", "EVAL", "EVALSHA":
	default:
		return false
	}
	for _, a := range cmd[1:] {
		if strings.Contains(a, ":deal:") {
			return true
		}
	}
	return false
}
