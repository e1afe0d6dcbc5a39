package verilink_test

// Client.WatchInquiry across a restart of the server it streams from.

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	verilink "github.com/verilink/verilink/clients/go"
	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// watching runs a resumable watch in the background.
type watching struct {
	events chan *verilinkv1.Event // closed when the watch ends
	ended  chan error             // then receives the watch's error, nil when it ended by itself
}

func watchInBackground(ctx context.Context, client *verilink.Client, inquiryID string) *watching {
	w := &watching{events: make(chan *verilinkv1.Event, 100), ended: make(chan error, 1)}
	go func() {
		var failure error
		for event, err := range client.WatchInquiry(ctx, inquiryID, "") {
			if err != nil {
				failure = err
				continue // the sequence ends after an error
			}
			w.events <- event
		}
		close(w.events)
		w.ended <- failure
	}()
	return w
}

// until returns the events received up to and including the first one named name, or fails
// after waitLimit.
func (w *watching) until(t *testing.T, name string) []*verilinkv1.Event {
	t.Helper()
	var received []*verilinkv1.Event
	timeout := time.After(waitLimit)
	for {
		select {
		case event, ok := <-w.events:
			if !ok {
				t.Fatalf("the watch ended (%v) before %s; got %v", <-w.ended, name, names(received))
			}
			received = append(received, event)
			if event.GetName() == name {
				return received
			}
		case <-timeout:
			t.Fatalf("no %s within %v; got %v", name, waitLimit, names(received))
		}
	}
}

func names(events []*verilinkv1.Event) []string {
	var names []string
	for _, event := range events {
		names = append(names, event.GetName())
	}
	return names
}

// replay reads the first n events of a plain, non-resumed WatchInquiry from the start.
func replay(t *testing.T, client *verilink.Client, inquiryID string, n int) []*verilinkv1.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	stream, err := client.Inquiries().WatchInquiry(ctx, &verilinkv1.WatchInquiryRequest{InquiryId: inquiryID})
	if err != nil {
		t.Fatal(err)
	}
	var events []*verilinkv1.Event
	for len(events) < n {
		response, err := stream.Recv()
		if err != nil {
			t.Fatalf("replay after %v: %v", names(events), err)
		}
		events = append(events, response.GetEvent())
	}
	return events
}

func TestWatchInquiryResumesAcrossRestart(t *testing.T) {
	apiKey := environment(t, "VERILINK_API_KEY")
	main := connect(t, t, environment(t, "VERILINK_ADDR"), apiKey)
	ctx := context.Background()
	inquiryID := newInquiry(t, main)

	addr := freeAddr(t)
	own := startServer(t, addr)
	ctx, cancel := context.WithTimeout(ctx, 3*waitLimit) // only stops a hang, as waitLimit does
	defer cancel()
	w := watchInBackground(ctx, connect(t, t, addr, apiKey), inquiryID)

	seen := w.until(t, "inquiry.created")
	if _, err := main.Inquiries().AddInquiryTag(ctx, &verilinkv1.AddInquiryTagRequest{Id: inquiryID, Tag: "before-restart"}); err != nil {
		t.Fatal(err)
	}
	seen = append(seen, w.until(t, "inquiry.tags-updated")...)

	own.stop(t) // the stream ends with OK as the server drains
	if _, err := main.Inquiries().AddInquiryTag(ctx, &verilinkv1.AddInquiryTagRequest{Id: inquiryID, Tag: "while-down"}); err != nil {
		t.Fatal(err)
	}
	if _, err := main.Inquiries().SimulateInquiryAction(ctx, &verilinkv1.SimulateInquiryActionRequest{
		Id:     inquiryID,
		Action: verilinkv1.SimulatedInquiryAction_SIMULATED_INQUIRY_ACTION_START,
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := main.Inquiries().ApproveInquiry(ctx, &verilinkv1.ApproveInquiryRequest{Id: inquiryID}); err != nil {
		t.Fatal(err)
	}
	select {
	case event, ok := <-w.events:
		if !ok {
			t.Fatalf("the watch ended (%v) when the server stopped", <-w.ended)
		}
		t.Fatalf("%s arrived while the server was down", event.GetName())
	default:
	}

	startServer(t, addr)
	seen = append(seen, w.until(t, "inquiry.approved")...)

	want := replay(t, main, inquiryID, len(seen))
	unique := map[string]bool{}
	for i, event := range seen {
		if event.GetId() != want[i].GetId() || event.GetName() != want[i].GetName() {
			t.Fatalf("the watch saw %v, a replay from the start %v", names(seen), names(want))
		}
		if unique[event.GetId()] {
			t.Fatalf("%s seen twice in %v", event.GetId(), names(seen))
		}
		unique[event.GetId()] = true
	}
	if got := names(seen); len(got) < 5 {
		t.Fatalf("events %v: want at least created, two tags-updated, started, approved", got)
	}

	if _, err := main.Inquiries().RedactInquiry(ctx, &verilinkv1.RedactInquiryRequest{Id: inquiryID}); err != nil {
		t.Fatal(err)
	}
	w.until(t, verilink.EventRedacted)
	select {
	case event, ok := <-w.events:
		if ok {
			t.Fatalf("%s after %s", event.GetName(), verilink.EventRedacted)
		}
		if err := <-w.ended; err != nil {
			t.Fatalf("the watch ended with %v after %s", err, verilink.EventRedacted)
		}
	case <-time.After(waitLimit):
		t.Fatalf("the watch did not end within %v after %s", waitLimit, verilink.EventRedacted)
	}
}

func TestWatchInquiryReportsErrors(t *testing.T) {
	var opened atomic.Int32 // WatchInquiry streams the client opened
	client := connect(t, t, environment(t, "VERILINK_ADDR"), environment(t, "VERILINK_API_KEY"),
		verilink.WithDialOptions(grpc.WithChainStreamInterceptor(
			func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
				opened.Add(1)
				return streamer(ctx, desc, cc, method, opts...)
			})))
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()

	step(t, "NOT_FOUND is not retried", func(t *testing.T) {
		var errs []error
		for event, err := range client.WatchInquiry(ctx, "inq_000000000000000000000000", "") {
			if err == nil {
				t.Fatalf("event %v", event)
			}
			errs = append(errs, err)
		}
		if len(errs) != 1 || status.Code(errs[0]) != codes.NotFound || verilink.Reason(errs[0]) != "INQUIRY_NOT_FOUND" {
			t.Fatalf("want one NotFound INQUIRY_NOT_FOUND, got %v", errs)
		}
		if n := opened.Load(); n != 1 {
			t.Fatalf("%d streams opened: NOT_FOUND was retried", n)
		}
	})

	step(t, "cancelling the context ends the watch with its error", func(t *testing.T) {
		watchCtx, stop := context.WithCancel(ctx)
		w := watchInBackground(watchCtx, client, newInquiry(t, client))
		w.until(t, "inquiry.created")
		stop()
		select {
		case event, ok := <-w.events:
			if ok {
				t.Fatalf("%s after the cancellation", event.GetName())
			}
			if err := <-w.ended; !errors.Is(err, context.Canceled) {
				t.Fatalf("want context.Canceled, got %v", err)
			}
		case <-time.After(waitLimit):
			t.Fatalf("the watch did not end within %v of the cancellation", waitLimit)
		}
	})
}
