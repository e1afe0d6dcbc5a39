package verilink

import (
	"context"
	"math/rand/v2"
	"time"
)

// backoff is an exponential delay: initial, doubling up to max, each with ±20 % jitter so that
// clients cut off together do not come back together.
type backoff struct {
	initial, max, next time.Duration
}

func newBackoff(initial, max time.Duration) *backoff {
	return &backoff{initial: initial, max: max, next: initial}
}

// delay returns the next delay and doubles the one after it.
func (b *backoff) delay() time.Duration {
	d := b.next
	b.next = min(2*b.next, b.max)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// reset starts again from the initial delay.
func (b *backoff) reset() { b.next = b.initial }

// sleep waits for d or until ctx ends, and returns ctx.Err() in the latter case.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
