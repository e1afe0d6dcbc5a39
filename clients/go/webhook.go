package verilink

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// DefaultWebhookTolerance is how far a delivery's signed timestamp may be from the receiver's
// clock, in either direction, when VerifyWebhook or VerifyPersonaWebhook is given no tolerance.
const DefaultWebhookTolerance = 5 * time.Minute

// The reasons VerifyWebhook and VerifyPersonaWebhook refuse a delivery. Test for one with errors.Is; every refusal is
// also a *WebhookError.
var (
	// ErrNoWebhookSecret: no signing secret, or an empty one, was given (a configuration error:
	// an empty key would accept signatures anyone can compute).
	ErrNoWebhookSecret = errors.New("no webhook signing secret")
	// ErrMissingSignature: the signature header is empty or absent.
	ErrMissingSignature = errors.New("missing signature header")
	// ErrMalformedSignature: the header is not a comma-separated list of key=value pairs with
	// one decimal t and at least one v1 (for Persona-Signature: one or more such lists,
	// separated by spaces).
	ErrMalformedSignature = errors.New("malformed signature header")
	// ErrMissingTimestamp: the header has no t.
	ErrMissingTimestamp = errors.New("signature header has no timestamp")
	// ErrSignatureMismatch: no v1 in the header is the HMAC of the body under any of the secrets.
	ErrSignatureMismatch = errors.New("no signature matches")
	// ErrTimestampOutOfTolerance: the signature is valid but its timestamp is further in the
	// past or the future than the tolerance allows (a replayed or delayed delivery).
	ErrTimestampOutOfTolerance = errors.New("timestamp outside the tolerance")
	// ErrInvalidWebhookBody: the signature is valid but the body is not a WebhookEvent in the
	// proto3 JSON mapping (VerifyWebhook) or not Persona's event object (VerifyPersonaWebhook).
	ErrInvalidWebhookBody = errors.New("body is not a webhook event")
)

// A WebhookError is what VerifyWebhook and VerifyPersonaWebhook return when they refuse a
// delivery. Reason is one of
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
	if err := verifySignature(secrets, header, parseVerilinkSignature, body, tolerance); err != nil {
		return nil, err
	}
	event := &verilinkv1.WebhookEvent{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(body, event); err != nil {
		return nil, &WebhookError{Reason: ErrInvalidWebhookBody, Err: err}
	}
	if event.GetId() == "" {
		// Signed, but not a Verilink event (a Persona-format body, say): every event has an ID.
		return nil, &WebhookError{Reason: ErrInvalidWebhookBody, Err: errors.New("the body has no event id (a Persona-format webhook? use VerifyPersonaWebhook)")}
	}
	return event, nil
}

// A PersonaEvent is the body of a delivery to a webhook whose format is
// verilinkv1.WebhookFormat_WEBHOOK_FORMAT_PERSONA: Persona's event object,
//
//	{"data": {"type": "event", "id": "evt_…", "attributes": {"name": "inquiry.approved",
//	  "payload": {"data": <subject>}, "created-at": "2026-11-24T10:15:30.123Z"}}}
//
// with kebab-case keys, as VerifyPersonaWebhook returns it.
type PersonaEvent struct {
	// ID is data.id, the event's identifier (evt_…), also sent as the Verilink-Event-Id
	// header. Delivery is at least once: deduplicate on it.
	ID string
	// Type is data.type, always "event".
	Type string
	// Name is data.attributes.name, the event's name, e.g. "inquiry.approved".
	Name string
	// CreatedAt is data.attributes.created-at, when the change was committed.
	CreatedAt time.Time
	// Subject is data.attributes.payload.data, what the event is about as it was then, in
	// Persona's JSON:API shape ({"type", "id", "attributes", "relationships"}): an "inquiry",
	// an "inquiry-session" or a "one-time-link", by the prefix of Name. Decoded by
	// encoding/json into a map[string]any (numbers are float64).
	Subject map[string]any
}

// SubjectType is the subject's "type": "inquiry", "inquiry-session" or "one-time-link"
// ("" when it has none).
func (e *PersonaEvent) SubjectType() string {
	s, _ := e.Subject["type"].(string)
	return s
}

// SubjectID is the subject's "id" (inq_…, iqse_…, otl_…; "" when it has none).
func (e *PersonaEvent) SubjectID() string {
	s, _ := e.Subject["id"].(string)
	return s
}

// VerifyPersonaWebhook checks a delivery to a webhook whose format is
// verilinkv1.WebhookFormat_WEBHOOK_FORMAT_PERSONA and returns its event.
//
// header is the value of the Persona-Signature header: a "t=<unix seconds>,v1=<hex
// HMAC-SHA256(secret, "<t>.<body>")>" pair per live signing secret, separated by a space (two
// during a rotation's grace period), as Persona signs. body is the raw request body, exactly as
// received. The scheme and the secrets (whsec_…) are those of VerifyWebhook, and so are the
// checks: every v1 of every pair is compared with the HMAC under every secret in constant time;
// a valid signature whose timestamp is more than tolerance away from now, in either direction,
// is refused; tolerance <= 0 means DefaultWebhookTolerance.
//
// Only then is the body parsed as Persona's event object (unknown keys ignored). A refusal is a
// *WebhookError with the same reasons as VerifyWebhook's; ErrInvalidWebhookBody when the body
// is not an event with an id, a name, a created-at and a payload.data object.
func VerifyPersonaWebhook(secrets []string, header string, body []byte, tolerance time.Duration) (*PersonaEvent, error) {
	if err := verifySignature(secrets, header, parsePersonaSignature, body, tolerance); err != nil {
		return nil, err
	}
	return parsePersonaEvent(body)
}

// parsePersonaEvent reads Persona's event object.
func parsePersonaEvent(body []byte) (*PersonaEvent, error) {
	var envelope struct {
		Data *struct {
			Type       string `json:"type"`
			ID         string `json:"id"`
			Attributes *struct {
				Name    string `json:"name"`
				Payload *struct {
					Data map[string]any `json:"data"`
				} `json:"payload"`
				CreatedAt string `json:"created-at"`
			} `json:"attributes"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return nil, &WebhookError{Reason: ErrInvalidWebhookBody, Detail: "not a Persona event", Err: err}
	}
	data := envelope.Data
	invalid := func(detail string) error {
		return refuse(ErrInvalidWebhookBody, "not a Persona event: "+detail)
	}
	switch {
	case data == nil:
		return nil, invalid("no data")
	case data.Type != "event":
		return nil, invalid(fmt.Sprintf("data.type is %q, not \"event\"", data.Type))
	case data.ID == "":
		return nil, invalid("no data.id")
	case data.Attributes == nil:
		return nil, invalid("no data.attributes")
	case data.Attributes.Name == "":
		return nil, invalid("no data.attributes.name")
	case data.Attributes.Payload == nil || data.Attributes.Payload.Data == nil:
		return nil, invalid("no data.attributes.payload.data object")
	}
	created, err := time.Parse(time.RFC3339Nano, data.Attributes.CreatedAt)
	if err != nil {
		return nil, &WebhookError{Reason: ErrInvalidWebhookBody, Detail: "not a Persona event: data.attributes.created-at", Err: err}
	}
	return &PersonaEvent{
		ID:        data.ID,
		Type:      data.Type,
		Name:      data.Attributes.Name,
		CreatedAt: created,
		Subject:   data.Attributes.Payload.Data,
	}, nil
}

// verifySignature is what both formats check before they read the body: the secrets, the
// header (parse reads its format), a v1 that is the HMAC of the body under one of the secrets,
// and that signature's timestamp within the tolerance.
func verifySignature(secrets []string, header string, parse func(string) ([]*signature, error), body []byte, tolerance time.Duration) error {
	if len(secrets) == 0 {
		return refuse(ErrNoWebhookSecret, "")
	}
	for _, secret := range secrets {
		if secret == "" {
			return refuse(ErrNoWebhookSecret, "empty secret")
		}
	}
	signatures, err := parse(header)
	if err != nil {
		return err
	}
	var signed *signature
	for _, s := range signatures {
		if s.signedBy(secrets, body) {
			signed = s
			break
		}
	}
	if signed == nil {
		return refuse(ErrSignatureMismatch, "")
	}
	if tolerance <= 0 {
		tolerance = DefaultWebhookTolerance
	}
	if age := time.Since(signed.time); age > tolerance || age < -tolerance {
		return refuse(ErrTimestampOutOfTolerance, fmt.Sprintf("signed %v ago (tolerance %v)", age.Round(time.Second), tolerance))
	}
	return nil
}

// parseVerilinkSignature parses Verilink-Signature: one "t=…,v1=…,v1=…".
func parseVerilinkSignature(header string) ([]*signature, error) {
	s, err := parseSignature(header)
	if err != nil {
		return nil, err
	}
	return []*signature{s}, nil
}

// parsePersonaSignature parses Persona-Signature: "t=…,v1=…" pairs separated by spaces.
func parsePersonaSignature(header string) ([]*signature, error) {
	pairs := strings.Fields(header)
	if len(pairs) == 0 {
		return nil, refuse(ErrMissingSignature, "")
	}
	signatures := make([]*signature, 0, len(pairs))
	for _, pair := range pairs {
		s, err := parseSignature(pair)
		if err != nil {
			return nil, err
		}
		signatures = append(signatures, s)
	}
	return signatures, nil
}

// signature is a parsed signature header (for Persona-Signature, one of its pairs).
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
