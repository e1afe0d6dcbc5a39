package verilink

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// DefaultWebhookTolerance is how far a delivery's signed timestamp may be from the receiver's
// clock, in either direction, when VerifyWebhook is given no tolerance.
const DefaultWebhookTolerance = 5 * time.Minute

// The reasons VerifyWebhook refuses a delivery. Test for one with errors.Is; every refusal is
// also a *WebhookError.
var (
	// ErrNoWebhookSecret: no signing secret, or an empty one, was given (a configuration error:
	// an empty key would accept signatures anyone can compute).
	ErrNoWebhookSecret = errors.New("no webhook signing secret")
	// ErrMissingSignature: the signature header is empty or absent.
	ErrMissingSignature = errors.New("missing signature header")
	// ErrMalformedSignature: the header is not a comma-separated list of key=value pairs with
	// one decimal t and at least one v1.
	ErrMalformedSignature = errors.New("malformed signature header")
	// ErrMissingTimestamp: the header has no t.
	ErrMissingTimestamp = errors.New("signature header has no timestamp")
	// ErrSignatureMismatch: no v1 in the header is the HMAC of the body under any of the secrets.
	ErrSignatureMismatch = errors.New("no signature matches")
	// ErrTimestampOutOfTolerance: the signature is valid but its timestamp is further in the
	// past or the future than the tolerance allows (a replayed or delayed delivery).
	ErrTimestampOutOfTolerance = errors.New("timestamp outside the tolerance")
	// ErrInvalidWebhookBody: the signature is valid but the body is not a WebhookEvent in the
	// proto3 JSON mapping.
	ErrInvalidWebhookBody = errors.New("body is not a webhook event")
)

// A WebhookError is what VerifyWebhook returns when it refuses a delivery. Reason is one of
// the Err… values above (errors.Is(err, verilink.ErrSignatureMismatch) matches it); Err, when
// set, is the underlying error (the JSON parser's, for ErrInvalidWebhookBody).
type WebhookError struct {
	Reason error  // one of ErrNoWebhookSecret … ErrInvalidWebhookBody
	Detail string // what was wrong, for logs; may be empty
	Err    error  // the underlying error, or nil
}

func (e *WebhookError) Error() string {
	message := "verilink: webhook refused: " + e.Reason.Error()
	if e.Detail != "" {
		message += ": " + e.Detail
	}
	if e.Err != nil {
		message += ": " + e.Err.Error()
	}
	return message
}

// Unwrap returns the reason and the underlying error, for errors.Is and errors.As.
func (e *WebhookError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Reason}
	}
	return []error{e.Reason, e.Err}
}

func refuse(reason error, detail string) error {
	return &WebhookError{Reason: reason, Detail: detail}
}

// VerifyWebhook checks a webhook delivery and returns its event.
//
// header is the value of the signature header (Verilink-Signature for the Verilink format),
// "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>", with one v1 per signing secret
// during a rotation; body is the raw request body, exactly as received. secrets are the
// webhook's signing secrets (whsec_…): pass the old and the new one while you switch after
// RotateWebhookSecret. Every v1 is compared with the HMAC under every secret in constant time.
// A valid signature whose timestamp is more than tolerance away from now, in either direction,
// is refused; tolerance <= 0 means DefaultWebhookTolerance.
//
// The body is then parsed as a verilinkv1.WebhookEvent (proto3 JSON), ignoring fields this
// version does not know. A refusal is a *WebhookError whose Reason is one of ErrNoWebhookSecret,
// ErrMissingSignature, ErrMalformedSignature, ErrMissingTimestamp, ErrSignatureMismatch,
// ErrTimestampOutOfTolerance or ErrInvalidWebhookBody. Deliveries come at least once:
// deduplicate on the event's Id.
func VerifyWebhook(secrets []string, header string, body []byte, tolerance time.Duration) (*verilinkv1.WebhookEvent, error) {
	if len(secrets) == 0 {
		return nil, refuse(ErrNoWebhookSecret, "")
	}
	for _, secret := range secrets {
		if secret == "" {
			return nil, refuse(ErrNoWebhookSecret, "empty secret")
		}
	}
	signature, err := parseSignature(header)
	if err != nil {
		return nil, err
	}
	if !signature.signedBy(secrets, body) {
		return nil, refuse(ErrSignatureMismatch, "")
	}
	if tolerance <= 0 {
		tolerance = DefaultWebhookTolerance
	}
	if age := time.Since(signature.time); age > tolerance || age < -tolerance {
		return nil, refuse(ErrTimestampOutOfTolerance, fmt.Sprintf("signed %v ago (tolerance %v)", age.Round(time.Second), tolerance))
	}
	event := &verilinkv1.WebhookEvent{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(body, event); err != nil {
		return nil, &WebhookError{Reason: ErrInvalidWebhookBody, Err: err}
	}
	return event, nil
}

// signature is a parsed signature header.
type signature struct {
	timestamp string // t as sent, which is what was signed
	time      time.Time
	v1        [][]byte
}

// parseSignature parses "t=…,v1=…,v1=…". Keys other than t and v1 (other schemes) are ignored.
func parseSignature(header string) (*signature, error) {
	if strings.TrimSpace(header) == "" {
		return nil, refuse(ErrMissingSignature, "")
	}
	s := &signature{}
	for part := range strings.SplitSeq(header, ",") {
		key, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || key == "" || value == "" {
			return nil, refuse(ErrMalformedSignature, fmt.Sprintf("%q is not key=value", part))
		}
		switch key {
		case "t":
			seconds, err := strconv.ParseUint(value, 10, 63)
			if err != nil || s.timestamp != "" {
				return nil, refuse(ErrMalformedSignature, "t must be one number of seconds")
			}
			s.timestamp, s.time = value, time.Unix(int64(seconds), 0)
		case "v1":
			mac, err := hex.DecodeString(value)
			if err != nil || len(mac) != sha256.Size {
				return nil, refuse(ErrMalformedSignature, "v1 is not a hex HMAC-SHA256")
			}
			s.v1 = append(s.v1, mac)
		}
	}
	if s.timestamp == "" {
		return nil, refuse(ErrMissingTimestamp, "")
	}
	if len(s.v1) == 0 {
		return nil, refuse(ErrMalformedSignature, "no v1 signature")
	}
	return s, nil
}

// signedBy reports whether one of the v1 signatures is HMAC-SHA256(secret, "<t>.<body>") for
// one of secrets, comparing in constant time.
func (s *signature) signedBy(secrets []string, body []byte) bool {
	for _, secret := range secrets {
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(s.timestamp + "."))
		mac.Write(body)
		expected := mac.Sum(nil)
		for _, v1 := range s.v1 {
			if hmac.Equal(v1, expected) {
				return true
			}
		}
	}
	return false
}
