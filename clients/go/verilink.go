// Package verilink is the Go client of Verilink (protobuf package verilink.v1).
//
// The messages and gRPC stubs are generated into the verilinkv1 package; this package connects,
// attaches a credential to every call, reads the error details, retries what is safe to retry
// (WithRetries), resumes a watch after a disconnection (Client.WatchInquiry) and verifies
// webhook deliveries (VerifyWebhook):
//
//	client, err := verilink.NewClient("verilink.example.com:443", os.Getenv("VERILINK_API_KEY"))
//	if err != nil { … }
//	defer client.Close()
//	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
//	defer cancel()
//	resp, err := client.Inquiries().GetInquiry(ctx, &verilinkv1.GetInquiryRequest{Id: "inq_…"})
//	if err != nil {
//		fmt.Println(status.Code(err), verilink.Reason(err)) // e.g. NotFound INQUIRY_NOT_FOUND
//	}
package verilink

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// Version is this client's version; it is also sent in the user agent ("verilink-go/<version>").
const Version = "0.2.0"

// ErrorDomain is the domain of the google.rpc.ErrorInfo that every Verilink error carries.
const ErrorDomain = "verilink.dev"

// Option configures NewClient.
type Option func(*options)

type options struct {
	transport   credentials.TransportCredentials
	timeout     time.Duration
	dialOptions []grpc.DialOption
}

// WithTLS connects over TLS with the given configuration. NewClient uses TLS with the system's
// root certificates unless told otherwise; pass a config to set roots, ServerName or a client
// certificate.
func WithTLS(config *tls.Config) Option {
	return func(o *options) { o.transport = credentials.NewTLS(config) }
}

// WithInsecure connects in plaintext: for a server on localhost or behind a trusted proxy only,
// since the credential travels with every call.
func WithInsecure() Option {
	return func(o *options) { o.transport = insecure.NewCredentials() }
}

// WithTimeout gives every unary call whose context has no deadline this one. Streams
// (WatchInquiry) are not limited; set a deadline on their context if you want one.
func WithTimeout(timeout time.Duration) Option {
	return func(o *options) { o.timeout = timeout }
}

// WithDialOptions passes further options to grpc.NewClient (keepalive, interceptors, …).
func WithDialOptions(dialOptions ...grpc.DialOption) Option {
	return func(o *options) { o.dialOptions = append(o.dialOptions, dialOptions...) }
}

// Client is a connection to a Verilink server with a credential attached to every call: an
// API key (vlk_…) for the management plane, a session token (vls_…) for the end-user plane
// (GetCurrentSession, SubmitSession), or none (RedeemOneTimeLink, health). It is safe for
// concurrent use.
type Client struct {
	conn       grpc.ClientConnInterface
	closer     *grpc.ClientConn
	credential string
	timeout    time.Duration
}

// NewClient connects to target, a gRPC target such as "127.0.0.1:50051" or
// "dns:///verilink.internal:443", with credential sent as "authorization: Bearer <credential>"
// (none when empty). The connection is made lazily by the first call. Close it when done.
func NewClient(target, credential string, opts ...Option) (*Client, error) {
	if err := checkCredential(credential); err != nil {
		return nil, err
	}
	o := options{transport: credentials.NewTLS(nil)}
	for _, opt := range opts {
		opt(&o)
	}
	dialOptions := append([]grpc.DialOption{
		grpc.WithTransportCredentials(o.transport),
		grpc.WithUserAgent("verilink-go/" + Version),
	}, o.dialOptions...)
	conn, err := grpc.NewClient(target, dialOptions...)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, closer: conn, credential: credential, timeout: o.timeout}, nil
}

// NewClientFromConn uses a connection made elsewhere (for example a *grpc.ClientConn with your
// own options). Close on the result does not close conn.
func NewClientFromConn(conn grpc.ClientConnInterface, credential string) (*Client, error) {
	if err := checkCredential(credential); err != nil {
		return nil, err
	}
	return &Client{conn: conn, credential: credential}, nil
}

// WithCredential returns a client on the same connection with another credential (an API key,
// a session token, or "" for none). Closing either closes the shared connection.
func (c *Client) WithCredential(credential string) (*Client, error) {
	if err := checkCredential(credential); err != nil {
		return nil, err
	}
	clone := *c
	clone.credential = credential
	return &clone, nil
}

// Close closes the connection NewClient made.
func (c *Client) Close() error {
	if c.closer == nil {
		return nil
	}
	return c.closer.Close()
}

// Templates is InquiryTemplateService (management plane).
func (c *Client) Templates() verilinkv1.InquiryTemplateServiceClient {
	return verilinkv1.NewInquiryTemplateServiceClient(c.authed(c.credential))
}

// Inquiries is InquiryService (management plane).
func (c *Client) Inquiries() verilinkv1.InquiryServiceClient {
	return verilinkv1.NewInquiryServiceClient(c.authed(c.credential))
}

// Sessions is SessionService: management plane, and with a session token GetCurrentSession
// and SubmitSession.
func (c *Client) Sessions() verilinkv1.SessionServiceClient {
	return verilinkv1.NewSessionServiceClient(c.authed(c.credential))
}

// OneTimeLinks is OneTimeLinkService: management plane, and RedeemOneTimeLink, which takes no
// credential.
func (c *Client) OneTimeLinks() verilinkv1.OneTimeLinkServiceClient {
	return verilinkv1.NewOneTimeLinkServiceClient(c.authed(c.credential))
}

// Webhooks is WebhookService (management plane).
func (c *Client) Webhooks() verilinkv1.WebhookServiceClient {
	return verilinkv1.NewWebhookServiceClient(c.authed(c.credential))
}

// Audit is AuditService (management plane): the audit log, every event with its actor.
func (c *Client) Audit() verilinkv1.AuditServiceClient {
	return verilinkv1.NewAuditServiceClient(c.authed(c.credential))
}

// Health is grpc.health.v1.Health, called without a credential. Service "" reports the
// process; "verilink.v1.InquiryService" (and each other service) SERVING while the database
// answers.
func (c *Client) Health() healthpb.HealthClient {
	return healthpb.NewHealthClient(c.authed(""))
}

// WithIdempotencyKey returns a context whose calls carry metadata "idempotency-key: <key>".
// For 24 hours a mutating management call repeated with the same key and request replays the
// first response instead of doing the work again. Use an unpredictable key (a UUIDv4).
// WithRetries makes one for a mutation that has none; set your own to be able to repeat the call
// later, for example after your process restarted.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return withMetadata(ctx, "idempotency-key", key)
}

// ErrorInfo returns the google.rpc.ErrorInfo of a failed call (nil if err carries none).
// Its Reason is UPPER_SNAKE, e.g. INQUIRY_NOT_FOUND, and its Domain is ErrorDomain.
func ErrorInfo(err error) *errdetails.ErrorInfo { return detail[*errdetails.ErrorInfo](err) }

// Reason returns the ErrorInfo reason of a failed call, or "" if err carries none.
func Reason(err error) string { return ErrorInfo(err).GetReason() }

// BadRequest returns the google.rpc.BadRequest (field violations) an INVALID_ARGUMENT error
// carries, or nil.
func BadRequest(err error) *errdetails.BadRequest { return detail[*errdetails.BadRequest](err) }

// RetryInfo returns the google.rpc.RetryInfo a RESOURCE_EXHAUSTED error carries (when to retry),
// or nil.
func RetryInfo(err error) *errdetails.RetryInfo { return detail[*errdetails.RetryInfo](err) }

func detail[T any](err error) T {
	var zero T
	if err == nil {
		return zero
	}
	st, ok := status.FromError(err)
	if !ok {
		return zero
	}
	for _, d := range st.Details() {
		if v, ok := d.(T); ok {
			return v
		}
	}
	return zero
}

func checkCredential(credential string) error {
	for i := 0; i < len(credential); i++ {
		if b := credential[i]; b < 0x21 || b > 0x7e {
			return errors.New("verilink: the credential must be printable ASCII without spaces")
		}
	}
	return nil
}

func withMetadata(ctx context.Context, key, value string) context.Context {
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	md.Set(key, value)
	return metadata.NewOutgoingContext(ctx, md)
}

// authed is the connection as the generated stubs see it: every call gets the credential and,
// for unary calls without a deadline, the default timeout.
type authed struct {
	conn          grpc.ClientConnInterface
	authorization string
	timeout       time.Duration
}

func (c *Client) authed(credential string) grpc.ClientConnInterface {
	a := authed{conn: c.conn, timeout: c.timeout}
	if credential != "" {
		a.authorization = fmt.Sprintf("Bearer %s", credential)
	}
	return a
}

func (a authed) context(ctx context.Context) context.Context {
	if a.authorization == "" {
		return ctx
	}
	return withMetadata(ctx, "authorization", a.authorization)
}

func (a authed) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	if _, ok := ctx.Deadline(); !ok && a.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, a.timeout)
		defer cancel()
	}
	return a.conn.Invoke(a.context(ctx), method, args, reply, opts...)
}

func (a authed) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return a.conn.NewStream(a.context(ctx), desc, method, opts...)
}
