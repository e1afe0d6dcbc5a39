package dev.verilink.client;

import static org.junit.jupiter.api.Assertions.fail;

import dev.verilink.v1.CreateInquiryRequest;
import dev.verilink.v1.Inquiry;
import dev.verilink.v1.InquiryTemplate;
import dev.verilink.v1.ListInquiriesRequest;
import dev.verilink.v1.ListInquiryTemplatesRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The server that clients/with-server started (VERILINK_ADDR, VERILINK_API_KEY), and what the
 * suites make on it.
 */
final class TestEnv {
  /**
   * Bounds every wait of the suites for something that comes quickly (a delivery, an event, a
   * server listening or exiting, a call's result). A wait ends as soon as what it waits for comes:
   * this only stops a hang, and is long enough that a slow or busy machine never reaches it.
   */
  static final Duration WAIT_LIMIT = Duration.ofMinutes(2);

  /** The deadline of every unary call of the suites: it only stops a hang too. */
  static final Duration DEADLINE = Duration.ofMinutes(1);

  private TestEnv() {}

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      fail(name + " is not set: run through clients/with-server");
    }
    return value;
  }

  static String addr() {
    return env("VERILINK_ADDR");
  }

  static String apiKey() {
    return env("VERILINK_API_KEY");
  }

  /** A client of {@code target} over plaintext with the suite's deadline and no credential. */
  static VerilinkClient.Builder plaintext(String target) {
    return VerilinkClient.builder(target).useTls(false).defaultDeadline(DEADLINE);
  }

  /** A client of the server of clients/with-server with its sandbox API key. */
  static VerilinkClient client() {
    return plaintext(addr()).apiKey(apiKey()).build();
  }

  /** The ID of the template KYC, which bootstrap creates. */
  static String kycTemplateId(VerilinkClient client) {
    for (InquiryTemplate template :
        client
            .templates()
            .listInquiryTemplates(ListInquiryTemplatesRequest.getDefaultInstance())
            .getInquiryTemplatesList()) {
      if (template.getName().equals("KYC")) {
        return template.getId();
      }
    }
    return fail("no template named KYC");
  }

  /** A request to create an inquiry of template KYC with a new reference ID. */
  static CreateInquiryRequest newInquiry(String templateId, String referencePrefix) {
    return CreateInquiryRequest.newBuilder()
        .setInquiry(
            Inquiry.newBuilder()
                .setInquiryTemplateId(templateId)
                .setReferenceId(referencePrefix + "-" + UUID.randomUUID()))
        .build();
  }

  /** The IDs of the inquiries with reference ID {@code referenceId}, newest first. */
  static List<String> inquiryIds(VerilinkClient client, String referenceId) {
    return client
        .inquiries()
        .listInquiries(ListInquiriesRequest.newBuilder().setReferenceId(referenceId).build())
        .getInquiriesList()
        .stream()
        .map(Inquiry::getId)
        .toList();
  }

  /** Creates an inquiry of template KYC. */
  static Inquiry createInquiry(VerilinkClient client, String referencePrefix) {
    return client
        .inquiries()
        .createInquiry(newInquiry(kycTemplateId(client), referencePrefix))
        .getInquiry();
  }
}
