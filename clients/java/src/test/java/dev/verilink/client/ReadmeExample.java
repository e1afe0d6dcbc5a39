package dev.verilink.client;

import dev.verilink.v1.CreateInquiryRequest;
import dev.verilink.v1.GetInquiryRequest;
import dev.verilink.v1.Inquiry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.UUID;

/**
 * The snippets of clients/java/README.md, compiled with the tests so that they stay correct (not
 * run: the contract suite is ContractTest).
 */
final class ReadmeExample {
  private ReadmeExample() {}

  static void connectAndCall(String apiKey) {
    try (VerilinkClient client =
        VerilinkClient.builder("127.0.0.1:50051")
            .apiKey(apiKey) // or .sessionToken("vls_…"), or neither
            .useTls(false) // plaintext: localhost only; TLS is the default
            .defaultDeadline(Duration.ofSeconds(10))
            .build()) {
      try {
        Inquiry inquiry =
            client
                .inquiries()
                .getInquiry(GetInquiryRequest.newBuilder().setId("inq_…").build())
                .getInquiry();
        System.out.println(inquiry.getStatus());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND
            && VerilinkClient.reason(e).equals("INQUIRY_NOT_FOUND")) {
          System.out.println("no such inquiry");
        } else {
          // e.g. UNAUTHENTICATED API_KEY_INVALID
          System.out.println(e.getStatus().getCode() + " " + VerilinkClient.reason(e));
          VerilinkClient.badRequest(e)
              .ifPresent(
                  bad ->
                      bad.getFieldViolationsList()
                          .forEach(
                              v -> System.out.println(v.getField() + ": " + v.getDescription())));
        }
      }
    }
  }

  static Inquiry createIdempotently(VerilinkClient client, CreateInquiryRequest request) {
    String key = UUID.randomUUID().toString(); // one per operation: reuse it when retrying it
    return client
        .inquiries()
        .withInterceptors(VerilinkClient.idempotencyKey(key))
        .createInquiry(request)
        .getInquiry();
  }
}
