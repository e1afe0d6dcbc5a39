package verilink_test

// VerifyPersonaWebhook on events the test signs itself (TestVerifyPersonaWebhookOffline, no
// server needed), then on PERSONA-format deliveries the real server signs and sends to a
// receiver on loopback (TestVerifyPersonaWebhook).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	verilink "github.com/verilink/verilink/clients/go"
	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// signPersona is the Persona-Signature header of body at unix time t: one t=…,v1=… pair per
// secret, separated by a space, computed independently of the client.
func signPersona(t int64, body []byte, secrets ...string) string {
	pairs := make([]string, len(secrets))
	for i, secret := range secrets {
		pairs[i] = sign(secret, t, body)
	}
	return strings.Join(pairs, " ")
}

// attributes is subject["attributes"], or fails.
func attributes(t *testing.T, event *verilink.PersonaEvent) map[string]any {
	t.Helper()
	attributes, ok := event.Subject["attributes"].(map[string]any)
	if !ok {
		t.Fatalf("subject without attributes: %v", event.Subject)
	}
	return attributes
}

func TestVerifyPersonaWebhookOffline(t *testing.T) {
	const secret, other = "whsec_persona_test_secret", "whsec_another_secret"
	created := time.Date(2026, 11, 24, 10, 15, 30, 123_000_000, time.UTC)
	body := []byte(`{"data": {"type": "event", "id": "evt_0123", "attributes": {` +
		`"name": "inquiry.approved", "future-key": [1, 2],` +
		`"payload": {"data": {"type": "inquiry", "id": "inq_0456", "attributes": {"status": "approved", "reference-id": "user-7"}, "relationships": {}}},` +
		`"created-at": "2026-11-24T10:15:30.123Z"}}, "meta": {"future": true}}`)
	// The test's own clock signs and verifies here. now is whole seconds, up to 1 s behind it,
	// and the clock moves on before each verification: "future" needs a margin beyond the
	// tolerance, more than a busy machine's pause.
	now := time.Now().Unix()

	step(t, "a good signature verifies and the event is parsed, unknown keys ignored", func(t *testing.T) {
		event, err := verilink.VerifyPersonaWebhook([]string{secret}, signPersona(now, body, secret), body, 0)
		if err != nil {
			t.Fatal(err)
		}
		if event.ID != "evt_0123" || event.Type != "event" || event.Name != "inquiry.approved" || !event.CreatedAt.Equal(created) {
			t.Errorf("event %+v", event)
		}
		if event.SubjectType() != "inquiry" || event.SubjectID() != "inq_0456" {
			t.Errorf("subject %v", event.Subject)
		}
		if a := attributes(t, event); a["status"] != "approved" || a["reference-id"] != "user-7" {
			t.Errorf("attributes %v", a)
		}
	})

	step(t, "two pairs during a rotation: either secret verifies", func(t *testing.T) {
		header := signPersona(now, body, secret, other)
		if strings.Count(header, " ") != 1 {
			t.Fatalf("header %q", header)
		}
		for _, secrets := range [][]string{{secret}, {other}, {"whsec_x", other}, {other, secret}} {
			if _, err := verilink.VerifyPersonaWebhook(secrets, header, body, 0); err != nil {
				t.Errorf("with %v: %v", secrets, err)
			}
		}
		_, err := verilink.VerifyPersonaWebhook([]string{"whsec_x"}, header, body, 0)
		wantRefusal(t, err, verilink.ErrSignatureMismatch)
		// The timestamp checked is the matching pair's own.
		mixed := sign(secret, now-3600, body) + " " + sign(other, now, body)
		if _, err := verilink.VerifyPersonaWebhook([]string{other}, mixed, body, 0); err != nil {
			t.Errorf("fresh pair: %v", err)
		}
		_, err = verilink.VerifyPersonaWebhook([]string{secret}, mixed, body, 0)
		wantRefusal(t, err, verilink.ErrTimestampOutOfTolerance)
	})

	step(t, "tolerance", func(t *testing.T) {
		for _, tc := range []struct {
			name      string
			at        int64
			tolerance time.Duration
			want      error
		}{
			{"stale", now - 301, 0, verilink.ErrTimestampOutOfTolerance},
			{"future", now + 330, 0, verilink.ErrTimestampOutOfTolerance},
			{"a day old", now - 86400, 0, verilink.ErrTimestampOutOfTolerance},
			{"stale within a longer tolerance", now - 3000, time.Hour, nil},
			{"future beyond a shorter tolerance", now + 30, 10 * time.Second, verilink.ErrTimestampOutOfTolerance},
			{"within the default", now - 240, 0, nil},
		} {
			_, err := verilink.VerifyPersonaWebhook([]string{secret}, signPersona(tc.at, body, secret), body, tc.tolerance)
			if tc.want == nil && err != nil {
				t.Errorf("%s: %v", tc.name, err)
			} else if tc.want != nil {
				wantRefusal(t, err, tc.want)
			}
		}
	})

	step(t, "refusals", func(t *testing.T) {
		good := signPersona(now, body, secret)
		v1 := good[strings.Index(good, "v1="):]
		tampered := bytes.Replace(body, []byte(`"user-7"`), []byte(`"user-8"`), 1)
		nativeBody := []byte(`{"id": "evt_1", "type": "inquiry.approved", "inquiryId": "inq_1", "data": {"object": {}}}`)
		for _, tc := range []struct {
			name    string
			secrets []string
			header  string
			body    []byte
			want    error
		}{
			{"wrong secret", []string{other}, good, body, verilink.ErrSignatureMismatch},
			{"tampered body", []string{secret}, good, tampered, verilink.ErrSignatureMismatch},
			{"other timestamp, same v1", []string{secret}, fmt.Sprintf("t=%d,%s", now+1, v1), body, verilink.ErrSignatureMismatch},
			{"no secret", nil, good, body, verilink.ErrNoWebhookSecret},
			{"an empty secret", []string{secret, ""}, good, body, verilink.ErrNoWebhookSecret},
			{"no header", []string{secret}, "", body, verilink.ErrMissingSignature},
			{"only spaces", []string{secret}, "   ", body, verilink.ErrMissingSignature},
			{"not key=value", []string{secret}, "garbage", body, verilink.ErrMalformedSignature},
			{"a good pair and garbage", []string{secret}, good + " garbage", body, verilink.ErrMalformedSignature},
			{"a pair without t", []string{secret}, good + " " + v1, body, verilink.ErrMissingTimestamp},
			{"a pair without v1", []string{secret}, fmt.Sprintf("%s t=%d", good, now), body, verilink.ErrMalformedSignature},
			{"t not a number", []string{secret}, "t=soon," + v1, body, verilink.ErrMalformedSignature},
			{"two t in a pair", []string{secret}, fmt.Sprintf("t=%d,t=%d,%s", now, now, v1), body, verilink.ErrMalformedSignature},
			{"v1 not hex", []string{secret}, fmt.Sprintf("t=%d,v1=zz", now), body, verilink.ErrMalformedSignature},
			{"pairs joined by a comma", []string{secret}, good + "," + good, body, verilink.ErrMalformedSignature},
			{"signed, not JSON", []string{secret}, signPersona(now, []byte("nope"), secret), []byte("nope"), verilink.ErrInvalidWebhookBody},
			{"signed, a Verilink event", []string{secret}, signPersona(now, nativeBody, secret), nativeBody, verilink.ErrInvalidWebhookBody},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := verilink.VerifyPersonaWebhook(tc.secrets, tc.header, tc.body, 0)
				wantRefusal(t, err, tc.want)
			})
		}
	})

	step(t, "bodies that are not Persona events", func(t *testing.T) {
		for _, invalid := range []string{
			`[1]`,
			`{}`,
			`{"data": {"type": "inquiry", "id": "inq_1", "attributes": {}}}`,
			`{"data": {"type": "event", "attributes": {"name": "a", "created-at": "2026-11-24T10:15:30Z", "payload": {"data": {}}}}}`,
			`{"data": {"type": "event", "id": "evt_1", "attributes": {"created-at": "2026-11-24T10:15:30Z", "payload": {"data": {}}}}}`,
			`{"data": {"type": "event", "id": "evt_1", "attributes": {"name": "a", "created-at": "yesterday", "payload": {"data": {}}}}}`,
			`{"data": {"type": "event", "id": "evt_1", "attributes": {"name": "a", "created-at": "2026-11-24T10:15:30Z"}}}`,
			`{"data": {"type": "event", "id": "evt_1", "attributes": {"name": "a", "created-at": "2026-11-24T10:15:30Z", "payload": {"data": "x"}}}}`,
		} {
			_, err := verilink.VerifyPersonaWebhook([]string{secret}, signPersona(now, []byte(invalid), secret), []byte(invalid), 0)
			wantRefusal(t, err, verilink.ErrInvalidWebhookBody)
		}
	})
}

// personaEnvelope is what the receiver reads of a PERSONA-format body to pick deliveries.
type personaEnvelope struct {
	Data struct {
		Attributes struct {
			Name    string
			Payload struct {
				Data struct{ Type, ID string }
			}
		}
	}
}

// awaitPersona waits for the PERSONA-format deliveries of the events named names about the
// inquiry inquiryID and returns them by name, with every delivery received meanwhile, or fails
// after waitLimit.
func (r *receiver) awaitPersona(t *testing.T, inquiryID string, names ...string) (map[string]delivery, []delivery) {
	t.Helper()
	found := map[string]delivery{}
	var all []delivery
	timeout := time.After(waitLimit)
	for len(found) < len(names) {
		select {
		case d := <-r.deliveries:
			all = append(all, d)
			var envelope personaEnvelope
			if err := json.Unmarshal(d.body, &envelope); err != nil {
				t.Fatalf("delivery body %q: %v", d.body, err)
			}
			subject := envelope.Data.Attributes.Payload.Data
			for _, name := range names {
				if envelope.Data.Attributes.Name == name && subject.Type == "inquiry" && subject.ID == inquiryID {
					found[name] = d
				}
			}
		case <-timeout:
			t.Fatalf("of %v about %s, only %d deliveries within %v", names, inquiryID, len(found), waitLimit)
		}
	}
	return found, all
}

func TestVerifyPersonaWebhook(t *testing.T) {
	client := connect(t, t, environment(t, "VERILINK_ADDR"), environment(t, "VERILINK_API_KEY"))
	ctx := context.Background()
	receiver := newReceiver(t)
	created, err := client.Webhooks().CreateWebhook(ctx, &verilinkv1.CreateWebhookRequest{Webhook: &verilinkv1.Webhook{
		Url:           receiver.url,
		EnabledEvents: []string{"*"},
		Format:        verilinkv1.WebhookFormat_WEBHOOK_FORMAT_PERSONA,
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
	if format := created.GetWebhook().GetFormat(); format != verilinkv1.WebhookFormat_WEBHOOK_FORMAT_PERSONA || !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("format %v, secret %q", format, secret)
	}

	inquiryID := newInquiry(t, client)
	approved, err := client.Inquiries().ApproveInquiry(ctx, &verilinkv1.ApproveInquiryRequest{Id: inquiryID})
	if err != nil {
		t.Fatal(err)
	}
	byName, all := receiver.awaitPersona(t, inquiryID, "inquiry.created", "inquiry.approved")

	step(t, "every delivery verifies", func(t *testing.T) {
		for _, d := range all {
			if d.signature != "" || d.personaSignature == "" {
				t.Errorf("Verilink-Signature %q, Persona-Signature %q", d.signature, d.personaSignature)
			}
			event, err := verilink.VerifyPersonaWebhook([]string{secret}, d.personaSignature, d.body, 0)
			if err != nil {
				t.Fatalf("%s: %v", d.body, err)
			}
			if event.ID != d.eventID || !strings.HasPrefix(event.ID, "evt_") || event.Type != "event" {
				t.Errorf("id %q, type %q, Verilink-Event-Id %q", event.ID, event.Type, d.eventID)
			}
			wantMadeBeforeSent(t, event.CreatedAt, signedAt(t, d.personaSignature))
			if strings.HasPrefix(event.Name, "inquiry.") && event.SubjectType() != "inquiry" {
				t.Errorf("%s about a %q", event.Name, event.SubjectType())
			}
		}
	})

	step(t, "inquiry.created and inquiry.approved carry the inquiry as it was", func(t *testing.T) {
		for name, status := range map[string]string{"inquiry.created": "created", "inquiry.approved": "approved"} {
			event, err := verilink.VerifyPersonaWebhook([]string{secret}, byName[name].personaSignature, byName[name].body, 0)
			if err != nil {
				t.Fatal(err)
			}
			if event.Name != name || event.SubjectType() != "inquiry" || event.SubjectID() != inquiryID {
				t.Errorf("%s: name %q, subject %s %s", name, event.Name, event.SubjectType(), event.SubjectID())
			}
			a := attributes(t, event)
			if a["status"] != status || a["reference-id"] != approved.GetInquiry().GetReferenceId() {
				t.Errorf("%s: attributes %v", name, a)
			}
		}
	})

	d := byName["inquiry.approved"]
	step(t, "refusals of a real delivery", func(t *testing.T) {
		_, err := verilink.VerifyPersonaWebhook([]string{"whsec_not_the_secret"}, d.personaSignature, d.body, 0)
		wantRefusal(t, err, verilink.ErrSignatureMismatch)
		tampered := bytes.Replace(d.body, []byte(`"approved"`), []byte(`"declined"`), 1)
		if bytes.Equal(tampered, d.body) {
			t.Fatalf("no status in %s", d.body)
		}
		_, err = verilink.VerifyPersonaWebhook([]string{secret}, d.personaSignature, tampered, 0)
		wantRefusal(t, err, verilink.ErrSignatureMismatch)
		_, err = verilink.VerifyPersonaWebhook([]string{secret}, "", d.body, 0)
		wantRefusal(t, err, verilink.ErrMissingSignature)
	})

	step(t, "the Verilink-format verifier does not take a Persona delivery", func(t *testing.T) {
		_, err := verilink.VerifyWebhook([]string{secret}, d.signature, d.body, 0)
		wantRefusal(t, err, verilink.ErrMissingSignature) // no Verilink-Signature header
		_, err = verilink.VerifyWebhook([]string{"whsec_not_the_secret"}, d.personaSignature, d.body, 0)
		wantRefusal(t, err, verilink.ErrSignatureMismatch)
		// One pair is also a valid Verilink-Signature (same scheme), but the body has no
		// Verilink event ID.
		_, err = verilink.VerifyWebhook([]string{secret}, d.personaSignature, d.body, 0)
		wantRefusal(t, err, verilink.ErrInvalidWebhookBody)
	})

	step(t, "rotation: one pair per secret, either verifies", func(t *testing.T) {
		newSecret := rotateAndTag(ctx, t, client, webhookID, secret, inquiryID)
		byName, _ := receiver.awaitPersona(t, inquiryID, "inquiry.tags-updated")
		d := byName["inquiry.tags-updated"]
		pairs := strings.Split(d.personaSignature, " ")
		if len(pairs) != 2 || strings.Count(pairs[0], "v1=") != 1 || strings.Count(pairs[1], "v1=") != 1 {
			t.Fatalf("Persona-Signature %q, want two t=…,v1=… pairs separated by a space", d.personaSignature)
		}
		for _, secrets := range [][]string{{secret}, {newSecret}, {"whsec_other", newSecret}} {
			event, err := verilink.VerifyPersonaWebhook(secrets, d.personaSignature, d.body, 0)
			if err != nil {
				t.Fatalf("with %d secret(s): %v", len(secrets), err)
			}
			if event.Name != "inquiry.tags-updated" || event.ID != d.eventID {
				t.Fatalf("event %+v", event)
			}
		}
		signers := map[string]int{} // each pair alone is signed by one secret, one by each
		for _, pair := range pairs {
			for name, s := range map[string]string{"old": secret, "new": newSecret} {
				if _, err := verilink.VerifyPersonaWebhook([]string{s}, pair, d.body, 0); err == nil {
					signers[name]++
				}
			}
		}
		if signers["old"] != 1 || signers["new"] != 1 {
			t.Errorf("pairs signed by %v", signers)
		}
		_, err = verilink.VerifyPersonaWebhook([]string{"whsec_other"}, d.personaSignature, d.body, 0)
		wantRefusal(t, err, verilink.ErrSignatureMismatch)
		_, err = verilink.VerifyWebhook([]string{secret, newSecret}, d.personaSignature, d.body, 0)
		wantRefusal(t, err, verilink.ErrMalformedSignature) // "v1=<hex> t=…" is no hex HMAC
	})
}
