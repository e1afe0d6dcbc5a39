package verilink_test

// VerifyWebhook against deliveries the real server signs and sends to a receiver on loopback.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	verilink "github.com/verilink/verilink/clients/go"
	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// delivery is one POST the receiver got.
type delivery struct {
	signature        string // Verilink-Signature
	personaSignature string // Persona-Signature
	eventID          string // Verilink-Event-Id
	body             []byte
}

// receiver is a webhook endpoint on 127.0.0.1 that answers 200 to every delivery.
type receiver struct {
	url        string
	deliveries chan delivery
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{deliveries: make(chan delivery, 1000)}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		select {
		case r.deliveries <- delivery{
			signature:        req.Header.Get("Verilink-Signature"),
			personaSignature: req.Header.Get("Persona-Signature"),
			eventID:          req.Header.Get("Verilink-Event-Id"),
			body:             body,
		}:
		default: // never reached in these tests: they read every delivery
		}
	}))
	t.Cleanup(server.Close)
	r.url = server.URL + "/hook"
	return r
}

// await returns the delivery of the event named eventType about inquiryID, skipping others
// (other tests' inquiries use the same organization), or fails after waitLimit.
func (r *receiver) await(t *testing.T, inquiryID, eventType string) delivery {
	t.Helper()
	timeout := time.After(waitLimit)
	for {
		select {
		case d := <-r.deliveries:
			var envelope struct{ Type, InquiryID string }
			if err := json.Unmarshal(d.body, &envelope); err != nil {
				t.Fatalf("delivery body %q: %v", d.body, err)
			}
			if envelope.Type == eventType && envelope.InquiryID == inquiryID {
				return d
			}
		case <-timeout:
			t.Fatalf("no %s delivery for %s within %v", eventType, inquiryID, waitLimit)
		}
	}
}

// sign is the signature header of body under secret at unix time t, computed independently of
// the client.
func sign(secret string, t int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.", t)
	mac.Write(body)
	return fmt.Sprintf("t=%d,v1=%x", t, mac.Sum(nil))
}

// signedAt is the unix time t of a signature header "t=…,v1=…", or fails.
func signedAt(t *testing.T, header string) int64 {
	t.Helper()
	signed, err := strconv.ParseInt(strings.TrimPrefix(strings.Split(header, ",")[0], "t="), 10, 64)
	if err != nil {
		t.Fatalf("signature header %q: %v", header, err)
	}
	return signed
}

// wantMadeBeforeSent checks the time the server says it made an event: not after it signed the
// event's delivery at t (whole seconds, so up to 1 s before the signing), an order between two
// times of the server's clock; and recent. The test's clock may differ from the server's by
// seconds, so it is only held to within a minute of it, either way.
func wantMadeBeforeSent(t *testing.T, made time.Time, signed int64) {
	t.Helper()
	if sent := time.Unix(signed, 0); made.After(sent.Add(time.Second)) {
		t.Errorf("made at %v, after its delivery was signed at %v (t=%d)", made, sent, signed)
	}
	if age := time.Since(made); age > time.Minute || age < -time.Minute {
		t.Errorf("made at %v, %v from the test's clock", made, age)
	}
}

// wantRefusal checks that err is a *WebhookError with the reason want.
// rotateAndTag rotates the webhook's secret with an hour's grace and tags the inquiry, so that
// a delivery signed with both secrets follows; it returns the new secret.
func rotateAndTag(ctx context.Context, t *testing.T, client *verilink.Client, webhookID, secret, inquiryID string) string {
	t.Helper()
	rotated, err := client.Webhooks().RotateWebhookSecret(ctx, &verilinkv1.RotateWebhookSecretRequest{
		Id:          webhookID,
		GracePeriod: durationpb.New(time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	newSecret := rotated.GetSecret()
	if newSecret == secret || !strings.HasPrefix(newSecret, "whsec_") {
		t.Fatalf("new secret %q", newSecret)
	}
	if _, err := client.Inquiries().AddInquiryTag(ctx, &verilinkv1.AddInquiryTagRequest{Id: inquiryID, Tag: "rotated"}); err != nil {
		t.Fatal(err)
	}
	return newSecret
}

func wantRefusal(t *testing.T, err error, want error) {
	t.Helper()
	var refusal *verilink.WebhookError
	if !errors.As(err, &refusal) || !errors.Is(err, want) || refusal.Reason != want {
		t.Fatalf("want a WebhookError %q, got %v", want, err)
	}
}

func TestVerifyWebhook(t *testing.T) {
	client := connect(t, t, environment(t, "VERILINK_ADDR"), environment(t, "VERILINK_API_KEY"))
	ctx := context.Background()
	receiver := newReceiver(t)
	created, err := client.Webhooks().CreateWebhook(ctx, &verilinkv1.CreateWebhookRequest{Webhook: &verilinkv1.Webhook{
		Url:           receiver.url,
		EnabledEvents: []string{"*"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	webhookID, secret := created.GetWebhook().GetId(), created.GetSecret()
	t.Cleanup(func() {
		if _, err := client.Webhooks().DeleteWebhook(ctx, &verilinkv1.DeleteWebhookRequest{Id: webhookID}); err != nil {
			t.Error(err)
		}
	})
	if !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("secret %q", secret)
	}

	inquiryID := newInquiry(t, client)
	d := receiver.await(t, inquiryID, "inquiry.created")
	signed := signedAt(t, d.signature)
	if sign(secret, signed, d.body) != d.signature {
		t.Fatalf("the server's signature %q is not t=<seconds>,v1=<HMAC of the body>", d.signature)
	}

	step(t, "a real delivery verifies", func(t *testing.T) {
		event, err := verilink.VerifyWebhook([]string{secret}, d.signature, d.body, 0)
		if err != nil {
			t.Fatal(err)
		}
		if event.GetId() != d.eventID || !strings.HasPrefix(event.GetId(), "evt_") {
			t.Errorf("id %q, Verilink-Event-Id %q", event.GetId(), d.eventID)
		}
		if event.GetType() != "inquiry.created" || event.GetInquiryId() != inquiryID || event.GetEnvironment() != "sandbox" {
			t.Errorf("event %v", event)
		}
		wantMadeBeforeSent(t, event.GetCreateTime().AsTime(), signed)
		object := event.GetData().GetObject().GetFields()
		if object["id"].GetStringValue() != inquiryID || object["status"].GetStringValue() != "INQUIRY_STATUS_CREATED" {
			t.Errorf("data.object %v", object)
		}
		// Who caused it: the API key that created the inquiry (the bootstrap key of with-server).
		if actor := event.GetActor(); actor.GetKind() != verilinkv1.ActorKind_ACTOR_KIND_API_KEY || actor.GetDisplayName() != "bootstrap" || !strings.HasPrefix(actor.GetId(), "key_") {
			t.Errorf("actor %v", actor)
		}
	})

	// The timestamps below are the test's own: VerifyWebhook holds t to the clock of the process
	// that calls it, the test's, whatever the server's says. now is whole seconds, up to 1 s
	// behind the clock, and the clock moves on before each verification: "stale" can only get
	// staler, but "future" needs a margin beyond the tolerance, more than a busy machine's pause.
	now := time.Now().Unix()
	step(t, "tolerance", func(t *testing.T) {
		for _, tc := range []struct {
			name      string
			at        int64
			tolerance time.Duration
			want      error
		}{
			{"stale", now - 301, 0, verilink.ErrTimestampOutOfTolerance},
			{"future", now + 330, 0, verilink.ErrTimestampOutOfTolerance},
			{"stale within a longer tolerance", now - 3000, time.Hour, nil},
			{"future beyond a shorter tolerance", now + 30, 10 * time.Second, verilink.ErrTimestampOutOfTolerance},
			{"just signed", now, 0, nil},
		} {
			_, err := verilink.VerifyWebhook([]string{secret}, sign(secret, tc.at, d.body), d.body, tc.tolerance)
			if tc.want == nil && err != nil {
				t.Errorf("%s: %v", tc.name, err)
			} else if tc.want != nil {
				wantRefusal(t, err, tc.want)
			}
		}
	})

	step(t, "refusals", func(t *testing.T) {
		tampered := bytes.Replace(d.body, []byte(inquiryID), []byte("inq_000000000000000000000000"), 1)
		v1 := d.signature[strings.Index(d.signature, "v1="):]
		for _, tc := range []struct {
			name      string
			secrets   []string
			signature string
			body      []byte
			want      error
		}{
			{"tampered body", []string{secret}, d.signature, tampered, verilink.ErrSignatureMismatch},
			{"wrong secret", []string{"whsec_not_the_secret"}, d.signature, d.body, verilink.ErrSignatureMismatch},
			{"other timestamp, same v1", []string{secret}, fmt.Sprintf("t=%d,%s", signed+1, v1), d.body, verilink.ErrSignatureMismatch},
			{"no secret", nil, d.signature, d.body, verilink.ErrNoWebhookSecret},
			{"an empty secret", []string{secret, ""}, d.signature, d.body, verilink.ErrNoWebhookSecret},
			{"no header", []string{secret}, "", d.body, verilink.ErrMissingSignature},
			{"not key=value", []string{secret}, "garbage", d.body, verilink.ErrMalformedSignature},
			{"no t", []string{secret}, v1, d.body, verilink.ErrMissingTimestamp},
			{"t not a number", []string{secret}, "t=soon," + v1, d.body, verilink.ErrMalformedSignature},
			{"negative t", []string{secret}, fmt.Sprintf("t=-%d,%s", signed, v1), d.body, verilink.ErrMalformedSignature},
			{"two t", []string{secret}, fmt.Sprintf("t=%d,t=%d,%s", signed, signed, v1), d.body, verilink.ErrMalformedSignature},
			{"no v1", []string{secret}, fmt.Sprintf("t=%d", signed), d.body, verilink.ErrMalformedSignature},
			{"v1 not hex", []string{secret}, fmt.Sprintf("t=%d,v1=zz", signed), d.body, verilink.ErrMalformedSignature},
			{"signed, not an event", []string{secret}, sign(secret, now, []byte("[1]")), []byte("[1]"), verilink.ErrInvalidWebhookBody},
		} {
			_, err := verilink.VerifyWebhook(tc.secrets, tc.signature, tc.body, 0)
			wantRefusal(t, err, tc.want)
		}
	})

	step(t, "unknown fields are ignored", func(t *testing.T) {
		body := append([]byte(`{"futureField":{"a":1},`), d.body[1:]...)
		event, err := verilink.VerifyWebhook([]string{secret}, sign(secret, now, body), body, 0)
		if err != nil {
			t.Fatal(err)
		}
		if event.GetId() != d.eventID {
			t.Fatalf("event %v", event)
		}
	})

	step(t, "rotation: both secrets verify during the grace period", func(t *testing.T) {
		newSecret := rotateAndTag(ctx, t, client, webhookID, secret, inquiryID)
		d := receiver.await(t, inquiryID, "inquiry.tags-updated")
		if n := strings.Count(d.signature, "v1="); n != 2 {
			t.Fatalf("%d v1 in %q, want 2", n, d.signature)
		}
		for _, secrets := range [][]string{{secret}, {newSecret}, {"whsec_other", newSecret}} {
			event, err := verilink.VerifyWebhook(secrets, d.signature, d.body, 0)
			if err != nil {
				t.Fatalf("with %d secret(s): %v", len(secrets), err)
			}
			if event.GetType() != "inquiry.tags-updated" || event.GetId() != d.eventID {
				t.Fatalf("event %v", event)
			}
		}
		_, err = verilink.VerifyWebhook([]string{"whsec_other"}, d.signature, d.body, 0)
		wantRefusal(t, err, verilink.ErrSignatureMismatch)
	})
}
