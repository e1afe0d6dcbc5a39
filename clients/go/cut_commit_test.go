package verilink_test

// Retries across a lost commit: clients/cut-commit makes the server's database connection break
// while CreateInquiry commits (as in a failover), so the server answers UNAVAILABLE
// COMMIT_OUTCOME_UNKNOWN and the inquiry is not made. Each test cuts only the inquiries with a
// reference ID of its own.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	verilink "github.com/verilink/verilink/clients/go"
	"github.com/verilink/verilink/clients/go/verilinkv1"
)

// cutCommit runs clients/cut-commit on the inquiries whose reference_id is ref, on the database
// of clients/with-server (VERILINK_DATABASE_URL, inherited), and returns what it printed.
func cutCommit(t *testing.T, action, ref string) string {
	t.Helper()
	environment(t, "VERILINK_DATABASE_URL")
	out, err := exec.Command("../cut-commit", action, "inquiries", "reference_id", ref).CombinedOutput()
	if err != nil {
		t.Fatalf("clients/cut-commit %s: %v\n%s", action, err, out)
	}
	return strings.TrimSpace(string(out))
}

// armCut cuts the next commit of an inquiry with reference ID ref, until the test ends.
func armCut(t *testing.T, ref string) {
	t.Helper()
	cutCommit(t, "arm", ref)
	t.Cleanup(func() { cutCommit(t, "disarm", ref) })
}

// commits returns how many inquiries with reference ID ref reached COMMIT, the cut one included.
func commits(t *testing.T, ref string) int {
	t.Helper()
	n, err := strconv.Atoi(cutCommit(t, "count", ref))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// cutCreate returns a client (retrying or not, its attempts counted), a reference ID of the
// test's own and a CreateInquiry request for it from the KYC template; the next commit of that
// reference is cut.
func cutCreate(t *testing.T, counted *attempts, retries bool) (*verilink.Client, string, *verilinkv1.CreateInquiryRequest) {
	t.Helper()
	opts := []verilink.Option{counted.option()}
	if retries {
		// The default delays; attempts enough to outlast a busy machine, within waitLimit.
		opts = append([]verilink.Option{verilink.WithRetries(verilink.RetryPolicy{MaxAttempts: 100})}, opts...)
	}
	client := connect(t, t, environment(t, "VERILINK_ADDR"), environment(t, "VERILINK_API_KEY"), opts...)
	templates, err := client.Templates().ListInquiryTemplates(context.Background(), &verilinkv1.ListInquiryTemplatesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ref := "go-cut-" + randomHex(t, 8)
	for _, template := range templates.GetInquiryTemplates() {
		if template.GetName() == "KYC" {
			armCut(t, ref)
			return client, ref, &verilinkv1.CreateInquiryRequest{Inquiry: &verilinkv1.Inquiry{
				InquiryTemplateId: template.GetId(),
				ReferenceId:       ref,
			}}
		}
	}
	t.Fatalf("no template named KYC in %v", templates.GetInquiryTemplates())
	return nil, "", nil
}

// inquiriesOf returns the IDs of the inquiries with reference ID ref.
func inquiriesOf(t *testing.T, client *verilink.Client, ref string) []string {
	t.Helper()
	listed, err := client.Inquiries().ListInquiries(context.Background(), &verilinkv1.ListInquiriesRequest{ReferenceId: ref})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, inquiry := range listed.GetInquiries() {
		ids = append(ids, inquiry.GetId())
	}
	return ids
}

// creationKeyDigest returns the idempotency_key_digest of the inquiry.created event of an
// inquiry in the audit log.
func creationKeyDigest(t *testing.T, client *verilink.Client, inquiryID string) string {
	t.Helper()
	resp, err := client.Audit().ListAuditEvents(context.Background(), &verilinkv1.ListAuditEventsRequest{
		InquiryId: inquiryID,
		EventName: "inquiry.created",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.GetEvents()) != 1 {
		t.Fatalf("inquiry.created events of %s: %v, want one", inquiryID, resp.GetEvents())
	}
	return resp.GetEvents()[0].GetActor().GetIdempotencyKeyDigest()
}

func sha256Hex(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// createdOnceAfterACut checks what a CreateInquiry retried across the cut made: one inquiry,
// two commits (the cut one and the retry's), and returns the digest of the key it was made with.
func createdOnceAfterACut(t *testing.T, client *verilink.Client, ref string, created *verilinkv1.CreateInquiryResponse, err error) string {
	t.Helper()
	if err != nil {
		t.Fatalf("CreateInquiry across a cut commit: %v %s", err, verilink.Reason(err))
	}
	if ids := inquiriesOf(t, client, ref); len(ids) != 1 || ids[0] != created.GetInquiry().GetId() {
		t.Fatalf("inquiries with reference %s: %v, want only %s", ref, ids, created.GetInquiry().GetId())
	}
	if n := commits(t, ref); n != 2 {
		t.Fatalf("%d commits reached, want 2: the cut one and the retry", n)
	}
	return creationKeyDigest(t, client, created.GetInquiry().GetId())
}

func TestRetriesGenerateAKeyThatMakesACutCommitSafe(t *testing.T) {
	var counted attempts
	client, ref, request := cutCreate(t, &counted, true)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()

	created, err := client.Inquiries().CreateInquiry(ctx, request)
	digest := createdOnceAfterACut(t, client, ref, created, err)
	// The first attempt was cut; the retries (more than one if the server takes its database
	// for down for a moment after the cut) sent the key it had.
	key := oneKey(t, counted.sent(createInquiry), 2)
	if digest == "" || digest != sha256Hex(key) {
		t.Fatalf("the creation's idempotency_key_digest is %q, want the SHA-256 of the generated key %q", digest, key)
	}
}

func TestWithoutRetriesACutCommitIsUnknown(t *testing.T) {
	var counted attempts
	client, ref, request := cutCreate(t, &counted, false)

	_, err := client.Inquiries().CreateInquiry(context.Background(), request)
	wantError(t, err, codes.Unavailable, "COMMIT_OUTCOME_UNKNOWN")
	if verilink.RetryInfo(err) == nil {
		t.Errorf("COMMIT_OUTCOME_UNKNOWN without RetryInfo: %v", err)
	}
	if sent := counted.sent(createInquiry); len(sent) != 1 || len(sent[0]) != 0 {
		t.Fatalf("without retries the attempts sent the keys %q, want one attempt without key", sent)
	}
	if n := commits(t, ref); n != 1 {
		t.Fatalf("%d commits reached, want 1", n)
	}
	if ids := inquiriesOf(t, client, ref); len(ids) != 0 {
		t.Fatalf("the cut commit made the inquiries %v", ids)
	}
}

func TestRetriesKeepTheCallersKeyAcrossACutCommit(t *testing.T) {
	var counted attempts
	client, ref, request := cutCreate(t, &counted, true)
	key := "go-own-" + randomHex(t, 16)
	ctx, cancel := context.WithTimeout(verilink.WithIdempotencyKey(context.Background(), key), waitLimit)
	defer cancel()

	created, err := client.Inquiries().CreateInquiry(ctx, request)
	if digest := createdOnceAfterACut(t, client, ref, created, err); digest != sha256Hex(key) {
		t.Fatalf("the creation's idempotency_key_digest is %q, want the SHA-256 of the caller's key %q", digest, key)
	}
	if got := oneKey(t, counted.sent(createInquiry), 2); got != key {
		t.Fatalf("the attempts sent %q, want the caller's key %q", got, key)
	}
}
