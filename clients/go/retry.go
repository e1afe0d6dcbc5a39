package verilink

import (
	"context"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// RetryPolicy says how WithRetries retries a call. Zero fields take the defaults, so
// RetryPolicy{} is the default policy: 7 attempts 100 ms, 200 ms, 400 ms … (at most 5 s) apart,
// about 6 s in all, which rides out a server restart.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts, the first included (default 7).
	MaxAttempts int
	// InitialBackoff is the delay before the first retry (default 100 ms). Each further delay
	// doubles, up to MaxBackoff (default 5 s); every delay has ±20 % jitter.
	InitialBackoff time.Duration
	MaxBackoff     time.Duration
}

// WithRetries retries the calls that are safe to repeat when they fail with UNAVAILABLE (the
// server or its database cannot be reached), or ABORTED IDEMPOTENCY_KEY_IN_USE (a duplicate of a
// call still running): reads (Get…, List…, ExportInquiry, GetCurrentSession) and calls whose
// context carries an idempotency key (WithIdempotencyKey). A mutation without an idempotency
// key is never retried: it may have taken effect before the connection broke. Retries stop at
// the call's deadline: no delay is started that would end after it. Streams (WatchInquiry) are
// not retried here; Client.WatchInquiry resumes them.
//
// Off unless given: like grpc-go itself, which retries only under a service config, a call
// fails fast by default and you choose where waiting is acceptable.
func WithRetries(policy RetryPolicy) Option {
	return WithDialOptions(grpc.WithChainUnaryInterceptor(RetryInterceptor(policy)))
}

// RetryInterceptor is the interceptor WithRetries installs, for a connection made elsewhere
// (NewClientFromConn): grpc.NewClient(target, grpc.WithChainUnaryInterceptor(
// verilink.RetryInterceptor(verilink.RetryPolicy{})), …).
//
// It is an interceptor rather than a service-config retryPolicy because a service config
// chooses by method and status code only: it cannot tell a mutation that carries an
// idempotency key from one that does not, nor ABORTED IDEMPOTENCY_KEY_IN_USE from other ABORTED.
func RetryInterceptor(policy RetryPolicy) grpc.UnaryClientInterceptor {
	if policy.MaxAttempts <= 0 {
		policy.MaxAttempts = 7
	}
	if policy.InitialBackoff <= 0 {
		policy.InitialBackoff = 100 * time.Millisecond
	}
	if policy.MaxBackoff <= 0 {
		policy.MaxBackoff = 5 * time.Second
	}
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		if !safeToRetry(ctx, method) {
			return invoker(ctx, method, req, reply, cc, opts...)
		}
		delays := newBackoff(policy.InitialBackoff, policy.MaxBackoff)
		for attempt := 1; ; attempt++ {
			err := invoker(ctx, method, req, reply, cc, opts...)
			if err == nil || attempt >= policy.MaxAttempts || !transient(err) {
				return err
			}
			delay := delays.delay()
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay {
				return err
			}
			if sleep(ctx, delay) != nil {
				return err
			}
		}
	}
}

// safeToRetry reports whether a call of method may run twice: a verilink.v1 read, or a call
// with an idempotency key.
func safeToRetry(ctx context.Context, method string) bool {
	service, name, _ := strings.Cut(strings.TrimPrefix(method, "/"), "/")
	if !strings.HasPrefix(service, "verilink.v1.") {
		return false
	}
	if strings.HasPrefix(name, "Get") || strings.HasPrefix(name, "List") || name == "ExportInquiry" {
		return true
	}
	md, _ := metadata.FromOutgoingContext(ctx)
	return len(md.Get("idempotency-key")) > 0
}

// transient reports whether a failure is worth another attempt: UNAVAILABLE, or ABORTED
// IDEMPOTENCY_KEY_IN_USE.
func transient(err error) bool {
	switch status.Code(err) {
	case codes.Unavailable:
		return true
	case codes.Aborted:
		return Reason(err) == "IDEMPOTENCY_KEY_IN_USE"
	}
	return false
}
