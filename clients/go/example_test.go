package verilink_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"log"
	"time"

	"google.golang.org/grpc/codes"
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
