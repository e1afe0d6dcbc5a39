package verilink_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	verilink "github.com/verilink/verilink/clients/go"
	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// Compiled (not run) by go test: the README's snippet.
func Example() {
	// TLS with the system roots is the default; verilink.WithInsecure() for a local plaintext server.
	client, err := verilink.NewClient("verilink.example.com:443", "vlk_sandbox_…",
		verilink.WithTLS(&tls.Config{MinVersion: tls.VersionTLS12}),
		verilink.WithTimeout(10*time.Second)) // default deadline of calls whose context has none
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := client.Inquiries().GetInquiry(ctx, &verilinkv1.GetInquiryRequest{Id: "inq_000000000000000000000000"})
	switch {
	case status.Code(err) == codes.NotFound && verilink.Reason(err) == "INQUIRY_NOT_FOUND":
		fmt.Println("no such inquiry")
	case err != nil:
		log.Fatalf("%v: %s", status.Code(err), verilink.Reason(err)) // e.g. Unauthenticated: API_KEY_INVALID
	default:
		fmt.Println(resp.GetInquiry().GetStatus())
	}
}

// Compiled (not run) by go test: a webhook receiver for net/http.
func ExampleVerifyWebhook() {
	secrets := []string{os.Getenv("VERILINK_WEBHOOK_SECRET")} // whsec_…; during a rotation, the old and the new one
	http.HandleFunc("POST /hooks/verilink", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		event, err := verilink.VerifyWebhook(secrets, r.Header.Get("Verilink-Signature"), body, verilink.DefaultWebhookTolerance)
		if err != nil { // a *verilink.WebhookError: errors.Is(err, verilink.ErrSignatureMismatch) …
			http.Error(w, "invalid signature", http.StatusBadRequest)
			return
		}
		log.Printf("%s %s %s", event.GetId(), event.GetType(), event.GetInquiryId()) // deduplicate on the ID
	})
}

// Compiled (not run) by go test: who caused the change a verified webhook event reports.
func ExampleVerifyWebhook_actor() {
	var secret, header string // whsec_…, the Verilink-Signature header
	var body []byte           // the delivery's raw body
	event, err := verilink.VerifyWebhook([]string{secret}, header, body, 0)
	if err != nil {
		log.Fatal(err)
	}
	actor := event.GetActor() // a *verilinkv1.Actor
	if actor.GetKind() == verilinkv1.ActorKind_ACTOR_KIND_API_KEY {
		log.Printf("by key %s (%s), request %s", actor.GetId(), actor.GetDisplayName(), actor.GetRequestId()) // key_… (bootstrap), request <the call's x-request-id>
	}
}

// Compiled (not run) by go test: an inquiry's events caused by API keys, every page.
func ExampleClient_Audit() {
	client, err := verilink.NewClient("verilink.example.com:443", "vlk_sandbox_…")
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	ctx := context.Background()

	request := &verilinkv1.ListAuditEventsRequest{
		InquiryId: "inq_…",                                 // this inquiry's events
		ActorKind: verilinkv1.ActorKind_ACTOR_KIND_API_KEY, // caused by an API key
	}
	for {
		resp, err := client.Audit().ListAuditEvents(ctx, request)
		if err != nil {
			log.Fatal(err)
		}
		for _, event := range resp.GetEvents() { // *verilinkv1.Event
			fmt.Println(event.GetCreateTime().AsTime(), event.GetName(), event.GetActor().GetDisplayName())
		}
		if resp.GetNextPageToken() == "" {
			break
		}
		request.PageToken = resp.GetNextPageToken()
	}
}

// Compiled (not run) by go test: a call's request ID, sent and read back.
func ExampleClient_Audit_requestID() {
	client, err := verilink.NewClient("verilink.example.com:443", "vlk_sandbox_…")
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	ctx := context.Background()
	request := &verilinkv1.CreateInquiryRequest{Inquiry: &verilinkv1.Inquiry{InquiryTemplateId: "itmpl_…"}}

	var header metadata.MD // google.golang.org/grpc/metadata
	resp, err := client.Inquiries().CreateInquiry(
		metadata.AppendToOutgoingContext(ctx, "x-request-id", "signup-42"), request, grpc.Header(&header))
	log.Print(header.Get("x-request-id")) // [signup-42]
	if err != nil {
		log.Fatal(err)
	}
	log.Print(resp.GetInquiry().GetId())
}

// Compiled (not run) by go test: a receiver for a webhook created with
// Format: verilinkv1.WebhookFormat_WEBHOOK_FORMAT_PERSONA, which gets Persona's event object.
func ExampleVerifyPersonaWebhook() {
	secrets := []string{os.Getenv("VERILINK_WEBHOOK_SECRET")} // whsec_…; during a rotation, the old and the new one
	http.HandleFunc("POST /hooks/persona", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		event, err := verilink.VerifyPersonaWebhook(secrets, r.Header.Get("Persona-Signature"), body, verilink.DefaultWebhookTolerance)
		if err != nil { // a *verilink.WebhookError, as for VerifyWebhook
			http.Error(w, "invalid signature", http.StatusBadRequest)
			return
		}
		attributes, _ := event.Subject["attributes"].(map[string]any)
		log.Printf("%s %s %s %s %v", event.ID, event.Name, event.SubjectType(), event.SubjectID(), attributes["status"]) // e.g. evt_… inquiry.approved inquiry inq_… approved
	})
}

// Compiled (not run) by go test: follow an inquiry until it is redacted.
func ExampleClient_WatchInquiry() {
	client, err := verilink.NewClient("verilink.example.com:443", "vlk_sandbox_…")
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	// Survives server restarts and drains; pass the last event's ID instead of "" to go on
	// where an earlier watch stopped.
	for event, err := range client.WatchInquiry(context.Background(), "inq_…", "") {
		if err != nil {
			log.Fatalf("%v %s", status.Code(err), verilink.Reason(err)) // e.g. NotFound INQUIRY_NOT_FOUND
		}
		fmt.Println(event.GetId(), event.GetName())
	}
}

// Compiled (not run) by go test: retries of reads and mutations.
func ExampleWithRetries() {
	client, err := verilink.NewClient("verilink.example.com:443", "vlk_sandbox_…",
		verilink.WithRetries(verilink.RetryPolicy{}), // 7 attempts, 100 ms doubling to 5 s
		verilink.WithTimeout(10*time.Second))         // which the retries stay within
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	// Retried on UNAVAILABLE and ABORTED IDEMPOTENCY_KEY_IN_USE with the same key. Without
	// WithIdempotencyKey the retries would send one they made; a key of your own, stored with
	// the work, lets you repeat the call after a restart too.
	ctx := verilink.WithIdempotencyKey(context.Background(), "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d")
	_, err = client.Inquiries().ApproveInquiry(ctx, &verilinkv1.ApproveInquiryRequest{Id: "inq_…"})
	if err != nil {
		log.Fatal(err)
	}
}
