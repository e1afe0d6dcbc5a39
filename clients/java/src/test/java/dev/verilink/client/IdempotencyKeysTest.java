package dev.verilink.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.verilink.v1.CreateInquiryRequest;
import dev.verilink.v1.Event;
import dev.verilink.v1.Inquiry;
import dev.verilink.v1.InquiryServiceGrpc;
import dev.verilink.v1.ListAuditEventsRequest;
import dev.verilink.v1.ListInquiryTemplatesRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The idempotency key that retries give a mutation: on the wire (against a port nothing listens
 * on), and through the server of clients/with-server while clients/cut-commit cuts its database
 * connection at COMMIT, as a failover does.
 */
class IdempotencyKeysTest {
  /** Long enough for 3 attempts (at 0, 250 ms and 750 ms, ±20 %), short of a 5th. */
  private static final long ATTEMPTS_DEADLINE_MS = 2000;

  @Test
  @DisplayName("with retries, every attempt of a mutation sends one generated key; reads none")
  void attemptsShareOneGeneratedKey() throws Exception {
    Attempts attempts = new Attempts();
    try (OwnServer server = new OwnServer(); // never started: every attempt is refused
        VerilinkClient retrying = attempts.client(server.target(), true);
        VerilinkClient once = attempts.client(server.target(), false)) {
      CreateInquiryRequest request = TestEnv.newInquiry("itpl_x", "java-keys");
      expectUnavailable(() -> withDeadline(retrying).createInquiry(request));
      List<List<String>> keys = attempts.take("CreateInquiry");
      assertTrue(keys.size() >= 2, "not retried: " + keys);
      assertEquals(1, keys.get(0).size(), "one key: " + keys);
      String key = keys.get(0).get(0);
      assertEquals(key, UUID.fromString(key).toString(), "not a UUID: " + keys);
      for (List<String> attempt : keys) {
        assertEquals(List.of(key), attempt, "each attempt sends the one key, once: " + keys);
      }

      String own = "java-own-" + UUID.randomUUID();
      expectUnavailable(
          () ->
              withDeadline(retrying)
                  .withInterceptors(VerilinkClient.idempotencyKey(own))
                  .createInquiry(request));
      keys = attempts.take("CreateInquiry");
      assertTrue(keys.size() >= 2, "not retried: " + keys);
      assertTrue(keys.stream().allMatch(List.of(own)::equals), "the caller's key: " + keys);

      expectUnavailable(
          () ->
              retrying
                  .templates()
                  .withDeadlineAfter(ATTEMPTS_DEADLINE_MS, TimeUnit.MILLISECONDS)
                  .listInquiryTemplates(ListInquiryTemplatesRequest.getDefaultInstance()));
      keys = attempts.take("ListInquiryTemplates");
      assertTrue(keys.size() >= 2, "the read was not retried: " + keys);
      assertTrue(keys.stream().allMatch(List::isEmpty), "a read sends no key: " + keys);

      expectUnavailable(() -> once.inquiries().createInquiry(request));
      assertEquals(List.of(List.of()), attempts.take("CreateInquiry"), "retries off: once, no key");
    }
  }

  @Test
  @DisplayName("a commit cut with retries on: retried with the generated key, created once")
  void cutCommitIsRetriedWithTheGeneratedKey() throws Exception {
    Attempts attempts = new Attempts();
    try (VerilinkClient main = TestEnv.client();
        VerilinkClient retrying = attempts.client(TestEnv.addr(), true)) {
      CreateInquiryRequest request = TestEnv.newInquiry(TestEnv.kycTemplateId(main), "java-cut");
      String reference = request.getInquiry().getReferenceId();
      Inquiry inquiry;
      try (CommitCut cut = new CommitCut(reference)) {
        inquiry = retrying.inquiries().createInquiry(request).getInquiry();
        assertEquals(2, cut.count(), "one commit cut, one retried");
      }
      assertEquals(List.of(inquiry.getId()), TestEnv.inquiryIds(main, reference), "created once");
      List<List<String>> keys = attempts.take("CreateInquiry");
      assertEquals(2, keys.size(), keys.toString());
      assertEquals(keys.get(0), keys.get(1), "both attempts send the same key");
      assertEquals(1, keys.get(0).size(), "one key: " + keys);
      assertEquals(
          sha256Hex(keys.get(0).get(0)),
          keyDigestOfCreation(main, inquiry.getId()),
          "the audit log records the generated key");
    }
  }

  @Test
  @DisplayName("a commit cut with retries off: UNAVAILABLE COMMIT_OUTCOME_UNKNOWN, nothing made")
  void cutCommitWithoutRetriesFails() throws Exception {
    Attempts attempts = new Attempts();
    try (VerilinkClient once = attempts.client(TestEnv.addr(), false)) {
      CreateInquiryRequest request = TestEnv.newInquiry(TestEnv.kycTemplateId(once), "java-cut");
      String reference = request.getInquiry().getReferenceId();
      try (CommitCut cut = new CommitCut(reference)) {
        StatusRuntimeException error =
            assertThrows(
                StatusRuntimeException.class, () -> once.inquiries().createInquiry(request));
        assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode(), error.toString());
        assertEquals("COMMIT_OUTCOME_UNKNOWN", VerilinkClient.reason(error), error.toString());
        assertTrue(VerilinkClient.retryInfo(error).isPresent(), "no RetryInfo: " + error);
        assertEquals(1, cut.count(), "not retried");
      }
      assertEquals(List.of(), TestEnv.inquiryIds(once, reference), "no inquiry made");
      assertEquals(List.of(List.of()), attempts.take("CreateInquiry"), "no key added");
    }
  }

  @Test
  @DisplayName("a commit cut with retries on and the caller's key: retried with that key")
  void cutCommitIsRetriedWithTheCallersKey() throws Exception {
    try (VerilinkClient retrying =
        TestEnv.plaintext(TestEnv.addr()).apiKey(TestEnv.apiKey()).retries(true).build()) {
      CreateInquiryRequest request =
          TestEnv.newInquiry(TestEnv.kycTemplateId(retrying), "java-cut");
      String reference = request.getInquiry().getReferenceId();
      String key = UUID.randomUUID().toString();
      Inquiry inquiry;
      try (CommitCut cut = new CommitCut(reference)) {
        inquiry =
            retrying
                .inquiries()
                .withInterceptors(VerilinkClient.idempotencyKey(key))
                .createInquiry(request)
                .getInquiry();
        assertEquals(2, cut.count(), "one commit cut, one retried");
      }
      assertEquals(List.of(inquiry.getId()), TestEnv.inquiryIds(retrying, reference));
      assertEquals(
          sha256Hex(key), keyDigestOfCreation(retrying, inquiry.getId()), "the caller's key");
    }
  }

  private static InquiryServiceGrpc.InquiryServiceBlockingStub withDeadline(VerilinkClient client) {
    return client.inquiries().withDeadlineAfter(ATTEMPTS_DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Expects {@code call} to fail with UNAVAILABLE, or DEADLINE_EXCEEDED during its last attempt.
   */
  private static void expectUnavailable(Executable call) {
    StatusRuntimeException error = assertThrows(StatusRuntimeException.class, call);
    assertTrue(
        List.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED)
            .contains(error.getStatus().getCode()),
        error.toString());
  }

  /** The {@code idempotency_key_digest} of the audit event that created {@code inquiryId}. */
  private static String keyDigestOfCreation(VerilinkClient client, String inquiryId) {
    List<Event> events =
        client
            .audit()
            .listAuditEvents(
                ListAuditEventsRequest.newBuilder()
                    .setInquiryId(inquiryId)
                    .setEventName("inquiry.created")
                    .build())
            .getEventsList();
    assertEquals(1, events.size(), events.toString());
    return events.get(0).getActor().getIdempotencyKeyDigest();
  }

  private static String sha256Hex(String text) throws NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * clients/cut-commit on the database of clients/with-server: while armed, the next commit of an
   * inquiry with reference ID {@code reference} loses its database connection. Closing disarms.
   */
  private static final class CommitCut implements AutoCloseable {
    private static final Path SCRIPT = Path.of("..", "cut-commit").toAbsolutePath().normalize();

    private final String reference;

    CommitCut(String reference) throws IOException, InterruptedException {
      this.reference = reference;
      run("arm");
    }

    /** How many commits of such an inquiry were reached since arming, the cut one included. */
    int count() throws IOException, InterruptedException {
      return Integer.parseInt(run("count").strip());
    }

    @Override
    public void close() throws IOException, InterruptedException {
      run("disarm");
    }

    private String run(String action) throws IOException, InterruptedException {
      assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " is missing: run from clients/java");
      Process process =
          new ProcessBuilder(SCRIPT.toString(), action, "inquiries", "reference_id", reference)
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TestEnv.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail("cut-commit " + action + " did not finish: " + output);
      }
      assertEquals(0, process.exitValue(), "cut-commit " + action + ": " + output);
      return output;
    }
  }
}
