package verilink

import (
	"context"
	"crypto/rand"
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
// server or its database cannot be reached, or the connection broke while a change committed:
// COMMIT_OUTCOME_UNKNOWN), or ABORTED IDEMPOTENCY_KEY_IN_USE (a duplicate of a call still
// running): reads (Get…, List…, ExportInquiry, GetCurrentSession) and mutations, every one of
// which carries an idempotency key. A mutation whose context has none (WithIdempotencyKey) gets
// one before its first attempt, 130 random bits from crypto/rand, and every attempt sends that
// same key: a retry of a change that was in fact made replays its response instead of making it
// twice (RedeemOneTimeLink and SubmitSession are not replayed: retried after they took effect,
// they answer LINK_ALREADY_USED or SESSION_EXPIRED, and nothing is done twice). A key of yours
// is never replaced; set and store your own to retry across a restart of your process, since a
// generated key lives only as long as the call. Retries stop at the
// call's deadline: no delay is started that would end after it. Streams (WatchInquiry) are not
// retried here and get no key; Client.WatchInquiry resumes them.
//
// Off unless given: like grpc-go itself, which retries only under a service config, a call
// fails fast by default and you choose where waiting is acceptable. Without WithRetries no key
// is added: a mutation carries one only if you set it.
func WithRetries(policy RetryPolicy) Option {
	return WithDialOptions(grpc.WithChainUnaryInterceptor(RetryInterceptor(policy)))
}

// RetryInterceptor is the interceptor WithRetries installs, for a connection made elsewhere
// (NewClientFromConn): grpc.NewClient(target, grpc.WithChainUnaryInterceptor(
// verilink.RetryInterceptor(verilink.RetryPolicy{})), …).
//
// It is an interceptor rather than a service-config retryPolicy because a service config
// chooses by method and status code only: it can neither attach an idempotency key nor tell
// ABORTED IDEMPOTENCY_KEY_IN_USE from other ABORTED.
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
		name, ok := verilinkMethod(method)
		if !ok {
			return invoker(ctx, method, req, reply, cc, opts...)
		}
		if !isRead(name) && !hasIdempotencyKey(ctx) {
			ctx = metadata.AppendToOutgoingContext(ctx, "idempotency-key", rand.Text())
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

// verilinkMethod returns the name of a verilink.v1 method ("CreateInquiry" of
// "/verilink.v1.InquiryService/CreateInquiry"), or false for another service's (health).
func verilinkMethod(method string) (string, bool) {
	service, name, _ := strings.Cut(strings.TrimPrefix(method, "/"), "/")
	return name, strings.HasPrefix(service, "verilink.v1.")
}

// isRead reports whether a verilink.v1 method only reads, so that it may run twice as it is.
func isRead(name string) bool {
	return strings.HasPrefix(name, "Get") || strings.HasPrefix(name, "List") || name == "ExportInquiry"
}

// hasIdempotencyKey reports whether the caller set an idempotency key on the call.
func hasIdempotencyKey(ctx context.Context) bool {
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
