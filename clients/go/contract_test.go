package verilink_test

// The client contract scenario, run against a real server started by clients/with-server
// (VERILINK_ADDR, VERILINK_API_KEY): ./test, or `clients/with-server clients/go/test`.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	verilink "github.com/verilink/verilink/clients/go"
	"github.com/verilink/verilink/clients/go/verilinkv1"
)

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// connect makes a plaintext client that owner closes when it finishes.
func connect(t, owner *testing.T, addr, credential string, opts ...verilink.Option) *verilink.Client {
	t.Helper()
	opts = append([]verilink.Option{verilink.WithInsecure(), verilink.WithTimeout(waitLimit)}, opts...)
	client, err := verilink.NewClient(addr, credential, opts...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	owner.Cleanup(func() { _ = client.Close() })
	return client
}

// step runs one step as a subtest and stops the scenario when it fails, since later steps
// build on what earlier ones created.
func step(t *testing.T, name string, f func(t *testing.T)) {
	t.Helper()
	if !t.Run(name, f) {
		t.FailNow()
	}
}

// wantError checks a failed call's code and ErrorInfo (reason, domain verilink.dev).
func wantError(t *testing.T, err error, code codes.Code, reason string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %v %s, got success", code, reason)
	}
	if got := status.Code(err); got != code {
		t.Fatalf("code: want %v, got %v (%v)", code, got, err)
	}
	info := verilink.ErrorInfo(err)
	if info == nil {
		t.Fatalf("no google.rpc.ErrorInfo in %v", err)
	}
	if info.GetReason() != reason || verilink.Reason(err) != reason {
		t.Fatalf("reason: want %s, got %s", reason, info.GetReason())
	}
	if info.GetDomain() != verilink.ErrorDomain {
		t.Fatalf("domain: want %s, got %s", verilink.ErrorDomain, info.GetDomain())
	}
}

func sameFields(t *testing.T, want, got map[string]*verilinkv1.FieldValue) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("fields: want %v, got %v", want, got)
	}
	for name, value := range want {
		if !proto.Equal(value, got[name]) {
			t.Fatalf("field %q: want %v, got %v", name, value, got[name])
		}
	}
}

func TestContract(t *testing.T) {
	addr, apiKey := os.Getenv("VERILINK_ADDR"), os.Getenv("VERILINK_API_KEY")
	if addr == "" || apiKey == "" {
		t.Fatal("VERILINK_ADDR and VERILINK_API_KEY are not set: run through clients/with-server")
	}
	ctx := context.Background()
	scenario := t
	client := connect(t, scenario, addr, apiKey)

	step(t, "1 health", func(t *testing.T) {
		for _, service := range []string{"", "verilink.v1.InquiryService"} {
			resp, err := client.Health().Check(ctx, &healthpb.HealthCheckRequest{Service: service})
			if err != nil {
				t.Fatalf("Check(%q): %v", service, err)
			}
			if resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
				t.Fatalf("Check(%q): %v", service, resp.GetStatus())
			}
		}
	})

	var templateID string
	step(t, "2 list templates", func(t *testing.T) {
		resp, err := client.Templates().ListInquiryTemplates(ctx, &verilinkv1.ListInquiryTemplatesRequest{})
		if err != nil {
			t.Fatal(err)
		}
		for _, template := range resp.GetInquiryTemplates() {
			if template.GetName() == "KYC" {
				templateID = template.GetId()
			}
		}
		if !strings.HasPrefix(templateID, "itmpl_") {
			t.Fatalf("no template named KYC in %v", resp.GetInquiryTemplates())
		}
	})

	referenceID := "go-contract-" + randomHex(t, 8)
	fields := map[string]*verilinkv1.FieldValue{
		"name_first": {Value: &verilinkv1.FieldValue_StringValue{StringValue: "Ada"}},
		"birthdate":  {Value: &verilinkv1.FieldValue_DateValue{DateValue: &verilinkv1.Date{Year: 1990, Month: 12, Day: 10}}},
	}
	var inquiryID string
	step(t, "3 create inquiry idempotently", func(t *testing.T) {
		request := &verilinkv1.CreateInquiryRequest{Inquiry: &verilinkv1.Inquiry{
			InquiryTemplateId: templateID,
			ReferenceId:       referenceID,
			Fields:            fields,
		}}
		idempotent := verilink.WithIdempotencyKey(ctx, randomHex(t, 16))
		created, err := client.Inquiries().CreateInquiry(idempotent, request)
		if err != nil {
			t.Fatal(err)
		}
		inquiryID = created.GetInquiry().GetId()
		if !strings.HasPrefix(inquiryID, "inq_") {
			t.Fatalf("inquiry id %q", inquiryID)
		}

		got, err := client.Inquiries().GetInquiry(ctx, &verilinkv1.GetInquiryRequest{Id: inquiryID})
		if err != nil {
			t.Fatal(err)
		}
		if got.GetInquiry().GetStatus() != verilinkv1.InquiryStatus_INQUIRY_STATUS_CREATED {
			t.Fatalf("status %v", got.GetInquiry().GetStatus())
		}
		if got.GetInquiry().GetReferenceId() != referenceID || got.GetInquiry().GetInquiryTemplateId() != templateID {
			t.Fatalf("inquiry %v", got.GetInquiry())
		}
		sameFields(t, fields, got.GetInquiry().GetFields())

		again, err := client.Inquiries().CreateInquiry(idempotent, request)
		if err != nil {
			t.Fatal(err)
		}
		if again.GetInquiry().GetId() != inquiryID {
			t.Fatalf("replay created %s, want %s", again.GetInquiry().GetId(), inquiryID)
		}
	})

	step(t, "4 list by reference id", func(t *testing.T) {
		resp, err := client.Inquiries().ListInquiries(ctx, &verilinkv1.ListInquiriesRequest{ReferenceId: referenceID})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.GetInquiries()) != 1 || resp.GetInquiries()[0].GetId() != inquiryID {
			t.Fatalf("want exactly %s, got %v", inquiryID, resp.GetInquiries())
		}
	})

	var code string
	step(t, "5 generate link", func(t *testing.T) {
		resp, err := client.OneTimeLinks().GenerateOneTimeLink(ctx, &verilinkv1.GenerateOneTimeLinkRequest{InquiryId: inquiryID})
		if err != nil {
			t.Fatal(err)
		}
		code = resp.GetCode()
		if code == "" || resp.GetUrl() == "" || resp.GetShortUrl() == "" {
			t.Fatalf("code %q, url %q, short_url %q", code, resp.GetUrl(), resp.GetShortUrl())
		}
		if resp.GetOneTimeLink().GetStatus() != verilinkv1.OneTimeLinkStatus_ONE_TIME_LINK_STATUS_PENDING {
			t.Fatalf("link %v", resp.GetOneTimeLink())
		}
	})

	var sessionToken string
	step(t, "6 redeem without credential", func(t *testing.T) {
		anonymous := connect(t, t, addr, "")
		resp, err := anonymous.OneTimeLinks().RedeemOneTimeLink(ctx, &verilinkv1.RedeemOneTimeLinkRequest{Code: code})
		if err != nil {
			t.Fatal(err)
		}
		sessionToken = resp.GetSessionToken()
		if !strings.HasPrefix(sessionToken, "vls_") {
			t.Fatalf("session token %q", sessionToken)
		}
		if resp.GetSession().GetInquiryId() != inquiryID {
			t.Fatalf("session %v", resp.GetSession())
		}
	})

	var endUser *verilink.Client
	step(t, "7 current session with the token", func(t *testing.T) {
		endUser = connect(t, scenario, addr, sessionToken) // used again in step 8
		resp, err := endUser.Sessions().GetCurrentSession(ctx, &verilinkv1.GetCurrentSessionRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if resp.GetInquiryStatus() != verilinkv1.InquiryStatus_INQUIRY_STATUS_PENDING {
			t.Fatalf("inquiry status %v", resp.GetInquiryStatus())
		}
		if resp.GetInquiryTemplateName() != "KYC" {
			t.Fatalf("template name %q", resp.GetInquiryTemplateName())
		}
	})

	step(t, "8 submit", func(t *testing.T) {
		// The KYC template's required fields that were not prefilled (SubmitSession checks them).
		answers := map[string]*verilinkv1.FieldValue{}
		for name, value := range map[string]string{
			"name_last":            "Lovelace",
			"address_street_1":     "12 St James's Square",
			"address_city":         "London",
			"address_postal_code":  "SW1Y 4JH",
			"address_country_code": "GB",
			"email_address":        "ada@example.com",
		} {
			answers[name] = &verilinkv1.FieldValue{Value: &verilinkv1.FieldValue_StringValue{StringValue: value}}
		}
		resp, err := endUser.Sessions().SubmitSession(ctx, &verilinkv1.SubmitSessionRequest{
			Fields:         answers,
			SandboxOutcome: verilinkv1.SandboxOutcome_SANDBOX_OUTCOME_PASS,
		})
		if err != nil {
			t.Fatal(err)
		}
		submitted := resp.GetInquiryStatus()
		if submitted != verilinkv1.InquiryStatus_INQUIRY_STATUS_COMPLETED && submitted != verilinkv1.InquiryStatus_INQUIRY_STATUS_APPROVED {
			t.Fatalf("inquiry status after submit %v", submitted)
		}
		got, err := client.Inquiries().GetInquiry(ctx, &verilinkv1.GetInquiryRequest{Id: inquiryID})
		if err != nil {
			t.Fatal(err)
		}
		if got.GetInquiry().GetStatus() != submitted {
			t.Fatalf("GetInquiry says %v, submit said %v", got.GetInquiry().GetStatus(), submitted)
		}
	})

	step(t, "9 errors", func(t *testing.T) {
		_, err := client.Inquiries().GetInquiry(ctx, &verilinkv1.GetInquiryRequest{Id: "bogus"})
		wantError(t, err, codes.InvalidArgument, "INVALID_ARGUMENT")
		violated := false
		for _, violation := range verilink.BadRequest(err).GetFieldViolations() {
			violated = violated || violation.GetField() == "id"
		}
		if !violated {
			t.Fatalf("no field violation for id in %v", verilink.BadRequest(err))
		}

		_, err = client.Inquiries().GetInquiry(ctx, &verilinkv1.GetInquiryRequest{Id: "inq_000000000000000000000000"})
		wantError(t, err, codes.NotFound, "INQUIRY_NOT_FOUND")

		unknown := connect(t, t, addr, "vlk_sandbox_"+strings.Repeat("A", 32))
		_, err = unknown.Templates().ListInquiryTemplates(ctx, &verilinkv1.ListInquiryTemplatesRequest{})
		wantError(t, err, codes.Unauthenticated, "API_KEY_INVALID")
	})
}

// TestRequestIDAndAuditActor follows a request ID: the caller's x-request-id comes back in the
// response metadata, and the audit log names the call as the actor of the event it caused (the
// bootstrap API key of clients/with-server, with that request ID).
func TestRequestIDAndAuditActor(t *testing.T) {
	client := connect(t, t, environment(t, "VERILINK_ADDR"), environment(t, "VERILINK_API_KEY"))
	ctx := context.Background()
	templates, err := client.Templates().ListInquiryTemplates(ctx, &verilinkv1.ListInquiryTemplatesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var templateID string
	for _, template := range templates.GetInquiryTemplates() {
		if template.GetName() == "KYC" {
			templateID = template.GetId()
		}
	}
	if templateID == "" {
		t.Fatalf("no template named KYC in %v", templates.GetInquiryTemplates())
	}

	requestID := "go-contract-" + randomHex(t, 8)
	var header metadata.MD
	created, err := client.Inquiries().CreateInquiry(
		metadata.AppendToOutgoingContext(ctx, "x-request-id", requestID),
		&verilinkv1.CreateInquiryRequest{Inquiry: &verilinkv1.Inquiry{
			InquiryTemplateId: templateID,
			ReferenceId:       "go-audit-" + randomHex(t, 8),
		}},
		grpc.Header(&header))
	if err != nil {
		t.Fatal(err)
	}
	if got := header.Get("x-request-id"); len(got) != 1 || got[0] != requestID {
		t.Fatalf("response metadata x-request-id %q, want %q", got, requestID)
	}
	inquiryID := created.GetInquiry().GetId()

	resp, err := client.Audit().ListAuditEvents(ctx, &verilinkv1.ListAuditEventsRequest{InquiryId: inquiryID})
	if err != nil {
		t.Fatal(err)
	}
	var event *verilinkv1.Event
	for _, e := range resp.GetEvents() {
		if e.GetInquiryId() != inquiryID {
			t.Fatalf("ListAuditEvents(inquiry_id=%s) returned %v", inquiryID, e)
		}
		if e.GetName() == "inquiry.created" {
			event = e
		}
	}
	if event == nil {
		t.Fatalf("no inquiry.created in %v", resp.GetEvents())
	}
	actor := event.GetActor()
	if actor.GetKind() != verilinkv1.ActorKind_ACTOR_KIND_API_KEY {
		t.Errorf("actor kind %v, want ACTOR_KIND_API_KEY (%v)", actor.GetKind(), actor)
	}
	if actor.GetDisplayName() != "bootstrap" {
		t.Errorf("actor display name %q, want bootstrap", actor.GetDisplayName())
	}
	if actor.GetRequestId() != requestID {
		t.Errorf("actor request ID %q, want %q", actor.GetRequestId(), requestID)
	}
	if !strings.HasPrefix(actor.GetId(), "key_") {
		t.Errorf("actor ID %q, want key_…", actor.GetId())
	}

	// The filters combine: this key's inquiry.created events of that inquiry are that one event.
	only, err := client.Audit().ListAuditEvents(ctx, &verilinkv1.ListAuditEventsRequest{
		InquiryId: inquiryID,
		EventName: "inquiry.created",
		ActorKind: verilinkv1.ActorKind_ACTOR_KIND_API_KEY,
		ActorId:   actor.GetId(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(only.GetEvents()) != 1 || only.GetEvents()[0].GetId() != event.GetId() {
		t.Fatalf("filtered: want only %s, got %v", event.GetId(), only.GetEvents())
	}
}
