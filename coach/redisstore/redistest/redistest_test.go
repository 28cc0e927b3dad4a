package redistest

import (
	"net"
	"testing"
)

// TestStartMovesOffATakenPort: the port picked for a server is taken by
// someone else before redis-server binds it; Start moves to another port
// instead of failing, or of pinging the other listener.
func TestStartMovesOffATakenPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, taken, _ := net.SplitHostPort(ln.Addr().String())

	s := NewServer(t)
	for i, a := range s.argv {
		if a == s.port {
			s.argv[i] = taken
		}
	}
	s.port = taken
	s.Start()
	if s.Port() == taken {
		t.Fatalf("the server claims port %s, which another listener holds", taken)
	}
	if err := s.Client().Ping(t.Context()).Err(); err != nil {
		t.Fatalf("the moved server does not answer: %v", err)
	}
}
