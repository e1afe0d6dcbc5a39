package verilink

import (
	"context"
	"errors"
	"io"
	"iter"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// The reconnect delays of Client.WatchInquiry: 100 ms doubling up to 5 s (±20 % jitter), back
// to 100 ms once a stream has been opened again.
const (
	watchInitialBackoff = 100 * time.Millisecond
	watchMaxBackoff     = 5 * time.Second
)

// EventRedacted is the name of the last event of an inquiry: after it a watch is over.
const EventRedacted = "inquiry.redacted"

// errWatchOver ends a watch without an error: after EventRedacted, or when the caller stopped.
var errWatchOver = errors.New("watch over")

// WatchInquiry follows an inquiry's events, in commit order: the events after afterEventID
// (all of them when it is empty), then live ones as they commit. It is InquiryService's
// WatchInquiry made resumable: when a stream ends before EventRedacted (the server drained, or
// the stream reached its maximum lifetime) or fails with UNAVAILABLE (the server or the
// connection went away), it opens a new one after the last event it yielded, waiting 100 ms,
// then 200 ms … up to 5 s between attempts, so each event is yielded exactly once.
//
// The sequence ends, without an error, after EventRedacted or when the loop body stops
// (break). Otherwise it ends with one error: ctx's error when ctx is cancelled or its deadline
// passes, or the first error that resuming cannot cure (NOT_FOUND, INVALID_ARGUMENT,
// UNAUTHENTICATED …), read with status.Code and Reason.
//
//	for event, err := range client.WatchInquiry(ctx, "inq_…", "") {
//		if err != nil {
//			return err
//		}
//		fmt.Println(event.GetName())
//	}
func (c *Client) WatchInquiry(ctx context.Context, inquiryID, afterEventID string) iter.Seq2[*verilinkv1.Event, error] {
	return func(yield func(*verilinkv1.Event, error) bool) {
		w := watch{inquiries: c.Inquiries(), inquiryID: inquiryID, last: afterEventID, yield: yield}
		delays := newBackoff(watchInitialBackoff, watchMaxBackoff)
		for {
			opened, err := w.stream(ctx)
			switch {
			case errors.Is(err, errWatchOver):
				return
			case ctx.Err() != nil:
				yield(nil, ctx.Err())
				return
			case err != nil && status.Code(err) != codes.Unavailable:
				yield(nil, err)
				return
			}
			if opened {
				delays.reset()
			}
			if err := sleep(ctx, delays.delay()); err != nil {
				yield(nil, err)
				return
			}
		}
	}
}

// watch is the state of one Client.WatchInquiry: the last event yielded.
type watch struct {
	inquiries verilinkv1.InquiryServiceClient
	inquiryID string
	last      string
	yield     func(*verilinkv1.Event, error) bool
}

// stream yields the events of one WatchInquiry stream opened after w.last. It returns whether
// the server accepted the stream, and nil when the stream ended with OK before EventRedacted,
// errWatchOver when the watch is over, or the stream's error.
func (w *watch) stream(ctx context.Context) (opened bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := w.inquiries.WatchInquiry(ctx, &verilinkv1.WatchInquiryRequest{InquiryId: w.inquiryID, AfterEventId: w.last})
	if err != nil {
		return false, err
	}
	header, err := stream.Header()
	opened = err == nil && header != nil
	for {
		response, err := stream.Recv()
		if err == io.EOF {
			return opened, nil
		}
		if err != nil {
			return opened, err
		}
		opened = true
		event := response.GetEvent()
		w.last = event.GetId()
		if !w.yield(event, nil) || event.GetName() == EventRedacted {
			return opened, errWatchOver
		}
	}
}
