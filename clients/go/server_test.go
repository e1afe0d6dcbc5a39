package verilink_test

// Helpers for the tests that need more than the server clients/with-server started: a server
// of their own on the same database (to stop and start it again), an inquiry to work on.

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	verilink "github.com/verilink/verilink/clients/go"
	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// waitLimit bounds every wait of the suite for something that comes quickly (a delivery, an
// event, a server listening, a call's answer). A wait ends as soon as what it waits for comes:
// the limit only stops a hang, and is long enough that a slow or busy machine never reaches it.
const waitLimit = 2 * time.Minute

// environment returns the variable clients/with-server exports, or stops the test.
func environment(t *testing.T, name string) string {
	t.Helper()
	value := os.Getenv(name)
	if value == "" {
		t.Fatalf("%s is not set: run through clients/with-server", name)
	}
	return value
}

// freeAddr returns a loopback address nothing listens on (for the moment).
func freeAddr(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	if err := listener.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// server is a Verilink process of the test's own ($VERILINK_BIN on $VERILINK_DATABASE_URL).
type server struct {
	cmd    *exec.Cmd
	exited chan struct{}
	mu     sync.Mutex
	log    bytes.Buffer
}

// startServer starts a server on addr and returns once it logs "gRPC listening". It is
// stopped when the test ends, if the test has not stopped it.
func startServer(t *testing.T, addr string) *server {
	t.Helper()
	cmd := exec.Command(environment(t, "VERILINK_BIN"), "serve", "--grpc-addr", addr)
	cmd.Env = append(os.Environ(),
		"VERILINK_DATABASE_URL="+environment(t, "VERILINK_DATABASE_URL"),
		"VERILINK_HTTP_ADDR=127.0.0.1:0",
		"RUST_LOG=info",
		"VERILINK_LOG_FORMAT=text")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, exited: make(chan struct{})}
	listening := make(chan struct{})
	go func() {
		lines, announced := bufio.NewScanner(stderr), false
		for lines.Scan() {
			s.mu.Lock()
			s.log.WriteString(lines.Text() + "\n")
			s.mu.Unlock()
			if !announced && strings.Contains(lines.Text(), "gRPC listening") && strings.Contains(lines.Text(), "addr="+addr) {
				announced = true
				close(listening)
			}
		}
		_ = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() { s.stop(t) })
	select {
	case <-listening:
		return s
	case <-s.exited:
		t.Fatalf("the server on %s exited before listening:\n%s", addr, s.output())
	case <-time.After(waitLimit):
		t.Fatalf("the server on %s did not listen within %v:\n%s", addr, waitLimit, s.output())
	}
	return nil
}

func (s *server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// stop sends SIGTERM and waits for the server to drain and exit (killing it if it has not exited
// waitLimit after its drain timeout).
func (s *server) stop(t *testing.T) {
	t.Helper()
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	limit := drainTimeout(t) + waitLimit
	select {
	case <-s.exited:
	case <-time.After(limit):
		_ = s.cmd.Process.Kill()
		<-s.exited
		t.Errorf("the server did not stop within %v of SIGTERM:\n%s", limit, s.output())
	}
}

// drainTimeout is how long a server of the test's own may drain in-flight calls after SIGTERM:
// $VERILINK_DRAIN_TIMEOUT_MS, which it inherits, or the server's default, 10 s.
func drainTimeout(t *testing.T) time.Duration {
	t.Helper()
	value := os.Getenv("VERILINK_DRAIN_TIMEOUT_MS")
	if value == "" {
		return 10 * time.Second
	}
	ms, err := strconv.ParseUint(value, 10, 63)
	if err != nil {
		t.Fatalf("VERILINK_DRAIN_TIMEOUT_MS=%q: %v", value, err)
	}
	return time.Duration(ms) * time.Millisecond
}

// newInquiry creates an inquiry from the KYC template and returns its ID.
func newInquiry(t *testing.T, client *verilink.Client) string {
	t.Helper()
	ctx := context.Background()
	templates, err := client.Templates().ListInquiryTemplates(ctx, &verilinkv1.ListInquiryTemplatesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, template := range templates.GetInquiryTemplates() {
		if template.GetName() == "KYC" {
			created, err := client.Inquiries().CreateInquiry(ctx, &verilinkv1.CreateInquiryRequest{Inquiry: &verilinkv1.Inquiry{
				InquiryTemplateId: template.GetId(),
				ReferenceId:       "go-client-" + randomHex(t, 8),
			}})
			if err != nil {
				t.Fatal(err)
			}
			return created.GetInquiry().GetId()
		}
	}
	t.Fatalf("no template named KYC in %v", templates.GetInquiryTemplates())
	return ""
}
