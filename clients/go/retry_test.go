package verilink_test

// WithRetries against a server that is not there yet, and against concurrent duplicates.

import (
	"context"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	verilink "github.com/verilink/verilink/clients/go"
	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// attempts counts the attempts that reach the connection, by method and by error code, and
// keeps the idempotency-key metadata each attempt of a method carried. Given after WithRetries,
// its interceptor runs inside the retry loop.
type attempts struct {
	mu    sync.Mutex
	calls map[string]int
	codes map[codes.Code]int
	keys  map[string][][]string
}

func (a *attempts) option() verilink.Option {
	a.calls, a.codes, a.keys = map[string]int{}, map[codes.Code]int{}, map[string][][]string{}
	return verilink.WithDialOptions(grpc.WithChainUnaryInterceptor(
		func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
			md, _ := metadata.FromOutgoingContext(ctx)
			err := invoker(ctx, method, req, reply, cc, opts...)
			a.mu.Lock()
			defer a.mu.Unlock()
			a.calls[method]++
			a.codes[status.Code(err)]++
			a.keys[method] = append(a.keys[method], md.Get("idempotency-key"))
			return err
		}))
}

func (a *attempts) of(method string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.calls[method]
}

// sent returns the idempotency-key metadata that each attempt of method carried since the last
// time it was asked, and forgets it.
func (a *attempts) sent(method string) [][]string {
	a.mu.Lock()
	defer a.mu.Unlock()
	sent := a.keys[method]
	delete(a.keys, method)
	return sent
}

// oneKey returns the key that the attempts of one call sent (sent's value), failing the test
// unless they were atLeast or more and each sent one key, the same.
func oneKey(t *testing.T, sent [][]string, atLeast int) string {
	t.Helper()
	if len(sent) < atLeast {
		t.Fatalf("%d attempts (keys %q), want %d at least", len(sent), sent, atLeast)
	}
	for _, keys := range sent {
		if len(keys) != 1 || keys[0] == "" || keys[0] != sent[0][0] {
			t.Fatalf("the attempts sent the idempotency keys %q, want one and the same on each", sent)
		}
	}
	return sent[0][0]
}

const (
	listTemplates = "/verilink.v1.InquiryTemplateService/ListInquiryTemplates"
	createInquiry = "/verilink.v1.InquiryService/CreateInquiry"
)

func TestRetriesWaitForAServerThatStartsLater(t *testing.T) {
	apiKey := environment(t, "VERILINK_API_KEY")
	addr := freeAddr(t)
	plain := connect(t, t, addr, apiKey)
	var counted attempts
	// The default delays (100 ms doubling to 5 s), but attempts enough to last until ctx ends:
	// the default's 7 (about 6 s) would race the server's start, which a busy machine slows, and
	// the channel's own reconnection backoff (1 s growing by 1.6).
	patient := verilink.RetryPolicy{MaxAttempts: 100}
	retrying := connect(t, t, addr, apiKey, verilink.WithRetries(patient), counted.option())
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()

	succeeded := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := retrying.Templates().ListInquiryTemplates(ctx, &verilinkv1.ListInquiryTemplatesRequest{})
		succeeded <- err
	}()

	_, err := plain.Templates().ListInquiryTemplates(ctx, &verilinkv1.ListInquiryTemplatesRequest{})
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("without retries: want Unavailable, got %v", err)
	}
	// At once: well within the 5 s at least that the default policy's delays add up to.
	if elapsed := time.Since(start); elapsed > 4*time.Second {
		t.Fatalf("without retries the call took %v to fail", elapsed)
	}

	time.Sleep(time.Second - time.Since(start))
	startServer(t, addr)
	select {
	case err := <-succeeded:
		if err != nil {
			t.Fatalf("with retries: %v after %d attempts", err, counted.of(listTemplates))
		}
	case <-time.After(waitLimit):
		t.Fatalf("with retries: no answer within %v of the server starting", waitLimit)
	}
	if n := counted.of(listTemplates); n < 2 {
		t.Fatalf("%d attempt(s): the first cannot have reached a server that was not there", n)
	}
}

func TestRetriesOnlyWhatIsSafe(t *testing.T) {
	apiKey := environment(t, "VERILINK_API_KEY")
	addr := freeAddr(t) // nothing listens: every attempt is UNAVAILABLE
	var counted, countedPlain attempts
	fast := verilink.RetryPolicy{MaxAttempts: 3, InitialBackoff: 10 * time.Millisecond}
	client := connect(t, t, addr, apiKey, verilink.WithRetries(fast), counted.option())
	plain := connect(t, t, addr, apiKey, countedPlain.option())
	ctx := context.Background()
	request := &verilinkv1.CreateInquiryRequest{Inquiry: &verilinkv1.Inquiry{InquiryTemplateId: "itmpl_000000000000000000000000"}}

	// A mutation without a key gets one, sent once by every attempt; each call its own.
	_, err := client.Inquiries().CreateInquiry(ctx, request)
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("a mutation without idempotency key: %v, want Unavailable", err)
	}
	generated := oneKey(t, counted.sent(createInquiry), 3)
	_, _ = client.Inquiries().CreateInquiry(ctx, request)
	if again := oneKey(t, counted.sent(createInquiry), 3); again == generated {
		t.Fatalf("two calls sent the same generated key %q", generated)
	}

	// The caller's key is kept, not replaced nor sent twice.
	own := randomHex(t, 16)
	_, err = client.Inquiries().CreateInquiry(verilink.WithIdempotencyKey(ctx, own), request)
	if key := oneKey(t, counted.sent(createInquiry), 3); status.Code(err) != codes.Unavailable || key != own {
		t.Fatalf("a mutation with idempotency key %q: %v, sent %q", own, err, key)
	}

	// A read is retried without a key.
	_, err = client.Templates().ListInquiryTemplates(ctx, &verilinkv1.ListInquiryTemplatesRequest{})
	if sent := counted.sent(listTemplates); status.Code(err) != codes.Unavailable || len(sent) != 3 || len(sent[0]) != 0 {
		t.Fatalf("a read: %v, attempts with the keys %q; want Unavailable after 3 without key", err, sent)
	}

	// Without retries, one attempt and no key.
	_, err = plain.Inquiries().CreateInquiry(ctx, request)
	if sent := countedPlain.sent(createInquiry); status.Code(err) != codes.Unavailable || len(sent) != 1 || len(sent[0]) != 0 {
		t.Fatalf("without retries: %v, attempts with the keys %q; want Unavailable after 1 without key", err, sent)
	}

	// The default policy would wait about 6 s (5 s at least); a 300 ms deadline cuts it short.
	// Within 300 ms there is room for 3 attempts at most (at 0, then after 100 ms and 200 ms,
	// ±20 %, before a 400 ms delay that would end past the deadline); a slow machine makes fewer.
	var countedPatient attempts
	patient := connect(t, t, addr, apiKey, verilink.WithRetries(verilink.RetryPolicy{}), countedPatient.option())
	deadline, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = patient.Templates().ListInquiryTemplates(deadline, &verilinkv1.ListInquiryTemplatesRequest{})
	if code := status.Code(err); code != codes.Unavailable && code != codes.DeadlineExceeded {
		t.Fatalf("a read with a deadline: %v", err)
	}
	if n := countedPatient.of(listTemplates); n < 1 || n > 3 {
		t.Fatalf("a read with a 300 ms deadline: %d attempts, want 1 to 3", n)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Fatalf("a read with a 300 ms deadline returned after %v", elapsed)
	}
}

func TestRetriesConcurrentDuplicates(t *testing.T) {
	var counted attempts
	// The default delays, but attempts enough that the duplicates outwait the first call however
	// long a busy machine makes it (the default's 7 give it about 6 s); the call's deadline,
	// waitLimit, bounds them.
	client := connect(t, t, environment(t, "VERILINK_ADDR"), environment(t, "VERILINK_API_KEY"),
		verilink.WithRetries(verilink.RetryPolicy{MaxAttempts: 100}), counted.option())
	templates, err := client.Templates().ListInquiryTemplates(context.Background(), &verilinkv1.ListInquiryTemplatesRequest{})
	if err != nil || len(templates.GetInquiryTemplates()) == 0 {
		t.Fatalf("templates %v, %v", templates, err)
	}
	request := &verilinkv1.CreateInquiryRequest{Inquiry: &verilinkv1.Inquiry{
		InquiryTemplateId: templates.GetInquiryTemplates()[0].GetId(),
		ReferenceId:       "go-duplicates-" + randomHex(t, 8),
	}}
	ctx := verilink.WithIdempotencyKey(context.Background(), randomHex(t, 16))

	// Sent at once, the duplicates find the first call still running (ABORTED
	// IDEMPOTENCY_KEY_IN_USE) until it finishes; retried, they all get its response.
	const duplicates = 8
	type result struct {
		id  string
		err error
	}
	results := make(chan result, duplicates)
	for range duplicates {
		go func() {
			created, err := client.Inquiries().CreateInquiry(ctx, request)
			results <- result{created.GetInquiry().GetId(), err}
		}()
	}
	first := ""
	for range duplicates {
		r := <-results
		if r.err != nil {
			t.Fatalf("%v %s", r.err, verilink.Reason(r.err))
		}
		if first == "" {
			first = r.id
		}
		if r.id != first || r.id == "" {
			t.Fatalf("duplicates created %q and %q", first, r.id)
		}
	}
	t.Logf("%d calls, %d ABORTED attempts retried", duplicates, counted.codes[codes.Aborted])
}
