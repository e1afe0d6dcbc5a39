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
import dev.verilink.v1.ListInquiryTemplatesRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** VerilinkClient.Builder.retries against a server that starts late, or never. */
class RetriesTest {
  @Test
  @DisplayName(
      "with retries, reads and mutations wait for a server that starts late; without, fail")
  void retriesWhatIsSafeOnly() throws Exception {
    Attempts onceAttempts = new Attempts();
    Attempts retryingAttempts = new Attempts();
    try (VerilinkClient main = TestEnv.client();
        Relay server = new Relay(TestEnv.addr());
        VerilinkClient once = onceAttempts.client(server.target(), false);
        VerilinkClient retrying = retryingAttempts.client(server.target(), true)) {
      String templateId = TestEnv.kycTemplateId(main);

      // Nothing listens yet.
      expectUnavailableAtOnce(
          onceAttempts,
          "ListInquiryTemplates",
          () ->
              once.templates()
                  .listInquiryTemplates(ListInquiryTemplatesRequest.getDefaultInstance()));
      CreateInquiryRequest notRetried = TestEnv.newInquiry(templateId, "java-retry-off");
      expectUnavailableAtOnce(
          onceAttempts, "CreateInquiry", () -> once.inquiries().createInquiry(notRetried));

      // A mutation is retried with the caller's key, or with one the client generates.
      CreateInquiryRequest keyed = TestEnv.newInquiry(templateId, "java-retry-keyed");
      CreateInquiryRequest unkeyed = TestEnv.newInquiry(templateId, "java-retry-unkeyed");
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
      CompletableFuture<Inquiry> createdUnkeyed =
          CompletableFuture.supplyAsync(
              () -> retrying.inquiries().createInquiry(unkeyed).getInquiry());
      // The retries wait 250 ms, 500 ms, 1 s, 2 s (±20 %), and the attempt that follows a refused
      // one reconnects but still fails (the channel reports its last failure until the new
      // connection is up): the server must listen before the 4th attempt, 1.4 s at the earliest,
      // for the 5th to get through. Opening at 0.5 s leaves a busy machine 0.9 s of that.
      Thread.sleep(500);
      server.open();

      long deadline = TestEnv.DEADLINE.toMillis();
      assertTrue(
          read.get(deadline, TimeUnit.MILLISECONDS).stream()
              .anyMatch(t -> t.getId().equals(templateId)),
          "the read did not list template KYC");
      Inquiry inquiry = created.get(deadline, TimeUnit.MILLISECONDS);
      Inquiry unkeyedInquiry = createdUnkeyed.get(deadline, TimeUnit.MILLISECONDS);
      assertTrue(
          System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500),
          "the calls succeeded before the server started");
      assertTrue(retryingAttempts.of("ListInquiryTemplates") >= 2, "the read was not retried");
      assertTrue(
          retryingAttempts.of("CreateInquiry") >= 2 * (1 + 2), "the mutations were not retried");

      assertEquals(List.of(inquiry.getId()), inquiryIds(main, keyed), "keyed: created once");
      assertEquals(
          List.of(unkeyedInquiry.getId()), inquiryIds(main, unkeyed), "unkeyed: created once");
      assertEquals(List.of(), inquiryIds(main, notRetried), "retries off: never created");
    }
  }

  @Test
  @DisplayName("retries stop at the call's deadline")
  void deadlineIsRespected() throws Exception {
    Attempts attempts = new Attempts();
    try (OwnServer server = new OwnServer(); // never started: nothing listens on its port
        VerilinkClient retrying = attempts.client(server.target(), true)) {
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
      // Attempts at 0, then after 250 ms and 500 ms (±20 %): a fourth would come 1 s (±20 %)
      // later, past the deadline, and is not made. A slow machine makes fewer, never more; the
      // time it takes is only held to what a hang would pass.
      int made = attempts.of("ListInquiryTemplates");
      assertTrue(made <= 3, "the deadline was passed: " + made + " attempts");
      assertTrue(
          elapsed < TestEnv.WAIT_LIMIT.toMillis(),
          "the deadline was passed: failed after " + elapsed + " ms");
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

  private static List<String> inquiryIds(VerilinkClient client, CreateInquiryRequest request) {
    return TestEnv.inquiryIds(client, request.getInquiry().getReferenceId());
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

  /**
   * Expects {@code call}, a call of {@code method}, to fail with UNAVAILABLE after one attempt: not
   * retried. (Counted rather than timed: a busy machine can make one attempt as slow as several.)
   */
  private static void expectUnavailableAtOnce(Attempts attempts, String method, Executable call) {
    int before = attempts.of(method);
    StatusRuntimeException error = assertThrows(StatusRuntimeException.class, call);
    assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode(), error.toString());
    int made = attempts.of(method) - before;
    assertEquals(1, made, "attempts of " + method + ": it was retried");
  }

  /**
   * A server that starts when the test says: a loopback port that nothing listens on until {@link
   * #open}, which relays each connection from then on to the server of clients/with-server. Opening
   * a socket is immediate, where starting a server process takes a time that a busy machine can
   * stretch past the 3 s or so that the retries wait in all.
   */
  private static final class Relay implements AutoCloseable {
    private final int port = OwnServer.freePort();
    private final String upstreamHost;
    private final int upstreamPort;
    private final List<Closeable> open = new CopyOnWriteArrayList<>();

    /** A relay to {@code upstream}, {@code host:port}. */
    Relay(String upstream) {
      int colon = upstream.lastIndexOf(':');
      upstreamHost = upstream.substring(0, colon);
      upstreamPort = Integer.parseInt(upstream.substring(colon + 1));
    }

    /** {@code 127.0.0.1:<port>}, whether the relay listens or not. */
    String target() {
      return "127.0.0.1:" + port;
    }

    /** Starts listening, and relaying every connection. */
    void open() throws IOException {
      ServerSocket listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
      open.add(listener);
      daemon(
          () -> {
            try {
              while (true) {
                Socket downstream = listener.accept();
                open.add(downstream);
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                open.add(upstream);
                daemon(() -> pipe(downstream, upstream));
                daemon(() -> pipe(upstream, downstream));
              }
            } catch (IOException e) {
              // closed
            }
          });
    }

    private static void pipe(Socket from, Socket to) {
      try {
        from.getInputStream().transferTo(to.getOutputStream());
        to.shutdownOutput();
      } catch (IOException e) {
        // a side closed: close() ends the rest
      }
    }

    private static void daemon(Runnable task) {
      Thread thread = new Thread(task, "relay");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() {
      for (Closeable closeable : open) {
        try {
          closeable.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }
}
