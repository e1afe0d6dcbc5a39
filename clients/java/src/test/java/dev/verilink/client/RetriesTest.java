package dev.verilink.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.verilink.v1.CreateInquiryRequest;
import dev.verilink.v1.CreateInquiryResponse;
import dev.verilink.v1.Inquiry;
import dev.verilink.v1.InquiryServiceGrpc;
import dev.verilink.v1.InquiryTemplate;
import dev.verilink.v1.ListInquiriesRequest;
import dev.verilink.v1.ListInquiryTemplatesRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** VerilinkClient.Builder.retries against a server of the test's own that starts late. */
class RetriesTest {
  /** Without retries a refused connection fails at once; 5 attempts take at least 3 s. */
  private static final Duration FAST = Duration.ofSeconds(2);

  @Test
  @DisplayName("reads and keyed mutations wait for a server that starts 1 s late; others fail fast")
  void retriesWhatIsSafeOnly() throws Exception {
    try (VerilinkClient main = TestEnv.client();
        OwnServer server = new OwnServer();
        VerilinkClient once = TestEnv.plaintext(server.target()).apiKey(TestEnv.apiKey()).build();
        VerilinkClient retrying =
            TestEnv.plaintext(server.target()).apiKey(TestEnv.apiKey()).retries(true).build()) {
      String templateId = TestEnv.kycTemplateId(main);

      // Nothing listens yet.
      expectUnavailableAtOnce(
          () ->
              once.templates()
                  .listInquiryTemplates(ListInquiryTemplatesRequest.getDefaultInstance()));
      CreateInquiryRequest unkeyed = TestEnv.newInquiry(templateId, "java-retry-unkeyed");
      expectUnavailableAtOnce(() -> retrying.inquiries().createInquiry(unkeyed));

      CreateInquiryRequest keyed = TestEnv.newInquiry(templateId, "java-retry-keyed");
      long start = System.nanoTime();
      CompletableFuture<List<InquiryTemplate>> read =
          CompletableFuture.supplyAsync(
              () ->
                  retrying
                      .templates()
                      .listInquiryTemplates(ListInquiryTemplatesRequest.getDefaultInstance())
                      .getInquiryTemplatesList());
      CompletableFuture<Inquiry> created =
          CompletableFuture.supplyAsync(
              () ->
                  retrying
                      .inquiries()
                      .withInterceptors(VerilinkClient.idempotencyKey(UUID.randomUUID().toString()))
                      .createInquiry(keyed)
                      .getInquiry());
      Thread.sleep(1000);
      server.start();

      long deadline = TestEnv.DEADLINE.toMillis();
      assertTrue(
          read.get(deadline, TimeUnit.MILLISECONDS).stream()
              .anyMatch(t -> t.getId().equals(templateId)),
          "the read did not list template KYC");
      Inquiry inquiry = created.get(deadline, TimeUnit.MILLISECONDS);
      assertTrue(
          System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1000),
          "the calls succeeded before the server started");

      assertEquals(List.of(inquiry.getId()), inquiryIds(main, keyed), "keyed: created once");
      assertEquals(List.of(), inquiryIds(main, unkeyed), "unkeyed: never retried, never created");
    }
  }

  @Test
  @DisplayName("retries stop at the call's deadline")
  void deadlineIsRespected() throws Exception {
    try (OwnServer server = new OwnServer();
        VerilinkClient retrying =
            TestEnv.plaintext(server.target()).apiKey(TestEnv.apiKey()).retries(true).build()) {
      long start = System.nanoTime();
      StatusRuntimeException error =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  retrying
                      .templates()
                      .withDeadlineAfter(1, TimeUnit.SECONDS)
                      .listInquiryTemplates(ListInquiryTemplatesRequest.getDefaultInstance()));
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // the last attempt's UNAVAILABLE, or DEADLINE_EXCEEDED if that attempt met the deadline
      assertTrue(
          List.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED)
              .contains(error.getStatus().getCode()),
          error.toString());
      assertTrue(elapsed >= 500, "not retried: failed after " + elapsed + " ms");
      assertTrue(elapsed < 1500, "the deadline was passed: failed after " + elapsed + " ms");
    }
  }

  @Test
  @DisplayName("close() ends a call that waits to be retried")
  void closeEndsRetries() throws Exception {
    try (OwnServer server = new OwnServer()) { // never started: nothing listens on its port
      VerilinkClient retrying =
          TestEnv.plaintext(server.target()).apiKey(TestEnv.apiKey()).retries(true).build();
      CompletableFuture<Throwable> call =
          CompletableFuture.supplyAsync(
              () ->
                  assertThrows(
                      StatusRuntimeException.class,
                      () ->
                          retrying
                              .templates()
                              .listInquiryTemplates(
                                  ListInquiryTemplatesRequest.getDefaultInstance())));
      Thread.sleep(400); // after the first retry, waiting for the second
      retrying.close();
      Throwable error = call.get(TestEnv.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals(
          Status.Code.UNAVAILABLE, Status.fromThrowable(error).getCode(), error.toString());
    }
  }

  @Test
  @DisplayName("concurrent duplicates of a keyed call: ABORTED without retries, one result with")
  void keyInUseIsRetried() throws Exception {
    try (VerilinkClient once = TestEnv.client();
        VerilinkClient retrying =
            TestEnv.plaintext(TestEnv.addr()).apiKey(TestEnv.apiKey()).retries(true).build()) {
      String templateId = TestEnv.kycTemplateId(once);

      List<String> outcomes = duplicates(once, TestEnv.newInquiry(templateId, "java-retry-in-use"));
      assertTrue(
          outcomes.contains("ABORTED IDEMPOTENCY_KEY_IN_USE"),
          "no duplicate overlapped the first call: " + outcomes);

      outcomes = duplicates(retrying, TestEnv.newInquiry(templateId, "java-retry-in-use"));
      assertEquals(1, new HashSet<>(outcomes).size(), outcomes.toString());
      assertTrue(outcomes.get(0).startsWith("inq_"), outcomes.toString());
    }
  }

  /**
   * Sends {@code request} 8 times at once with one idempotency key: the created inquiry's ID or the
   * error of each call.
   */
  private static List<String> duplicates(VerilinkClient client, CreateInquiryRequest request)
      throws InterruptedException {
    InquiryServiceGrpc.InquiryServiceFutureStub stub =
        InquiryServiceGrpc.newFutureStub(client.channel())
            .withInterceptors(VerilinkClient.idempotencyKey(UUID.randomUUID().toString()));
    List<ListenableFuture<CreateInquiryResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(stub.createInquiry(request));
    }
    List<String> outcomes = new ArrayList<>();
    for (ListenableFuture<CreateInquiryResponse> call : calls) {
      try {
        outcomes.add(call.get().getInquiry().getId());
      } catch (ExecutionException e) {
        outcomes.add(Status.fromThrowable(e).getCode() + " " + VerilinkClient.reason(e.getCause()));
      }
    }
    return outcomes;
  }

  private static void expectUnavailableAtOnce(Executable call) {
    long start = System.nanoTime();
    StatusRuntimeException error = assertThrows(StatusRuntimeException.class, call);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode(), error.toString());
    assertTrue(elapsed.compareTo(FAST) < 0, "failed after " + elapsed + ": it was retried");
  }

  private static List<String> inquiryIds(VerilinkClient client, CreateInquiryRequest request) {
    InquiryServiceGrpc.InquiryServiceBlockingStub inquiries = client.inquiries();
    return inquiries
        .listInquiries(
            ListInquiriesRequest.newBuilder()
                .setReferenceId(request.getInquiry().getReferenceId())
                .build())
        .getInquiriesList()
        .stream()
        .map(Inquiry::getId)
        .toList();
  }
}
