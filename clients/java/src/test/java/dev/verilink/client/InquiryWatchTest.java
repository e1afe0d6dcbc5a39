package dev.verilink.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.verilink.v1.AddInquiryTagRequest;
import dev.verilink.v1.ApproveInquiryRequest;
import dev.verilink.v1.Event;
import dev.verilink.v1.Inquiry;
import dev.verilink.v1.RedactInquiryRequest;
import dev.verilink.v1.SimulateInquiryActionRequest;
import dev.verilink.v1.SimulatedInquiryAction;
import dev.verilink.v1.WatchInquiryRequest;
import dev.verilink.v1.WatchInquiryResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * VerilinkClient.watchInquiry against real servers: one of this test's own, restarted in the middle
 * of a stream, and the one of clients/with-server on the same database.
 */
class InquiryWatchTest {
  private static final Duration STEP = TestEnv.WAIT_LIMIT;

  private VerilinkClient client;

  @BeforeEach
  void connect() {
    client = TestEnv.client();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  @DisplayName("across a server restart every event arrives once, in order; redaction ends it")
  void resumesAcrossARestart() throws Exception {
    Inquiry inquiry = TestEnv.createInquiry(client, "java-watch");
    String id = inquiry.getId();
    try (OwnServer server = new OwnServer()) {
      server.start();
      try (VerilinkClient restarted =
              TestEnv.plaintext(server.target()).apiKey(TestEnv.apiKey()).build();
          Collector watch = new Collector(restarted.watchInquiry(id))) {
        List<Event> seen = new ArrayList<>(List.of(watch.next()));
        assertEquals("inquiry.created", seen.get(0).getName());

        server.stop(); // drains: the stream ends with OK, then reconnecting fails (UNAVAILABLE)
        client
            .inquiries()
            .addInquiryTag(AddInquiryTagRequest.newBuilder().setId(id).setTag("resumed").build());
        client
            .inquiries()
            .simulateInquiryAction(
                SimulateInquiryActionRequest.newBuilder()
                    .setId(id)
                    .setAction(SimulatedInquiryAction.SIMULATED_INQUIRY_ACTION_START)
                    .build());
        Thread.sleep(500); // a few failed reconnections
        client.inquiries().approveInquiry(ApproveInquiryRequest.newBuilder().setId(id).build());
        server.start(); // the same port

        while (!seen.get(seen.size() - 1).getName().equals("inquiry.approved")) {
          seen.add(watch.next());
        }
        List<String> names = seen.stream().map(Event::getName).toList();
        assertTrue(
            names.containsAll(List.of("inquiry.tags-updated", "inquiry.started")),
            names.toString());
        List<String> ids = seen.stream().map(Event::getId).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "an event arrived twice: " + names);
        assertEquals(replay(id, ids.size()), ids, "the watch differs from a fresh replay");

        client.inquiries().redactInquiry(RedactInquiryRequest.newBuilder().setId(id).build());
        Event last;
        do {
          last = watch.next();
        } while (!last.getName().equals(InquiryWatch.REDACTED));
        watch.assertEnds();
      }
    }
  }

  @Test
  @DisplayName("close() ends an iteration that waits for the next event")
  void closeEndsTheIteration() throws Exception {
    Inquiry inquiry = TestEnv.createInquiry(client, "java-watch-close");
    InquiryWatch watch = client.watchInquiry(inquiry.getId());
    try (Collector collector = new Collector(watch)) {
      assertEquals("inquiry.created", collector.next().getName());
      watch.close();
      collector.assertEnds();
    }
  }

  @Test
  @DisplayName("closing the client ends its watches with UNAVAILABLE")
  void closingTheClientEndsTheWatch() throws Exception {
    Inquiry inquiry = TestEnv.createInquiry(client, "java-watch-client-closed");
    VerilinkClient closing = TestEnv.client();
    try (Collector collector = new Collector(closing.watchInquiry(inquiry.getId()))) {
      assertEquals("inquiry.created", collector.next().getName());
      closing.close(); // waits 5 s for the stream, then cancels it
      StatusRuntimeException error = collector.error();
      assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode(), error.toString());
    }
  }

  @Test
  @DisplayName("errors other than UNAVAILABLE reach the caller: NOT_FOUND")
  void otherErrorsAreThrown() throws Exception {
    try (Collector collector = new Collector(client.watchInquiry("inq_000000000000000000000000"))) {
      StatusRuntimeException error = collector.error();
      assertEquals(Status.Code.NOT_FOUND, error.getStatus().getCode(), error.toString());
      assertEquals("INQUIRY_NOT_FOUND", VerilinkClient.reason(error));
    }
  }

  @Test
  @DisplayName("after_event_id: the watch starts after that event")
  void startsAfterAnEvent() throws Exception {
    Inquiry inquiry = TestEnv.createInquiry(client, "java-watch-after");
    String id = inquiry.getId();
    client
        .inquiries()
        .addInquiryTag(AddInquiryTagRequest.newBuilder().setId(id).setTag("after").build());
    List<String> all = replay(id, 2);
    try (Collector collector = new Collector(client.watchInquiry(id, all.get(0)))) {
      assertEquals(all.get(1), collector.next().getId());
    }
  }

  /** The first {@code count} events of a fresh, non-resumed WatchInquiry from the start. */
  private List<String> replay(String inquiryId, int count) {
    List<String> ids = new ArrayList<>();
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      context.run(
          () -> {
            Iterator<WatchInquiryResponse> stream =
                client
                    .inquiries()
                    .withDeadlineAfter(STEP.toMillis(), TimeUnit.MILLISECONDS)
                    .watchInquiry(WatchInquiryRequest.newBuilder().setInquiryId(inquiryId).build());
            while (ids.size() < count) {
              ids.add(stream.next().getEvent().getId());
            }
          });
    } finally {
      context.cancel(null);
    }
    return ids;
  }

  /** Iterates a watch on a thread of its own, so that every wait of the test is bounded. */
  private static final class Collector implements AutoCloseable {
    private static final Object END = new Object();

    private final InquiryWatch watch;
    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private final Thread thread;

    Collector(InquiryWatch watch) {
      this.watch = watch;
      thread =
          new Thread(
              () -> {
                try {
                  while (watch.hasNext()) {
                    items.add(watch.next());
                  }
                  items.add(END);
                } catch (RuntimeException e) {
                  items.add(e);
                }
              },
              "watch-collector");
      thread.setDaemon(true);
      thread.start();
    }

    /** The next event, within {@link #STEP}. */
    Event next() throws InterruptedException {
      Object item = poll();
      if (item instanceof Event event) {
        return event;
      }
      return fail("expected an event, got " + (item == END ? "the end of the watch" : item));
    }

    /** The error that ended the watch, within {@link #STEP}. */
    StatusRuntimeException error() throws InterruptedException {
      Object item = poll();
      if (item instanceof StatusRuntimeException error) {
        return error;
      }
      return fail("expected an error, got " + (item == END ? "the end of the watch" : item));
    }

    /** Asserts that the iteration ends ({@code hasNext()} false) within {@link #STEP}. */
    void assertEnds() throws InterruptedException {
      assertSame(END, poll(), "the watch did not end");
    }

    private Object poll() throws InterruptedException {
      Object item = items.poll(STEP.toMillis(), TimeUnit.MILLISECONDS);
      if (item == null) {
        fail("nothing from the watch within " + STEP);
      }
      return item;
    }

    @Override
    public void close() throws InterruptedException {
      watch.close();
      thread.join(STEP.toMillis());
    }
  }
}
