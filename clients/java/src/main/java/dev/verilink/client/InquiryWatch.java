package dev.verilink.client;

import dev.verilink.v1.Event;
import dev.verilink.v1.InquiryServiceGrpc;
import dev.verilink.v1.WatchInquiryRequest;
import dev.verilink.v1.WatchInquiryResponse;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The events of one inquiry, in commit order, each exactly once, across reconnections: made by
 * {@link VerilinkClient#watchInquiry(String, String)}.
 *
 * <p>It replays the inquiry's events (after a given one, or all), then follows new ones as they
 * commit. When the stream ends without {@code inquiry.redacted} (the server drained, or the stream
 * reached its maximum lifetime), ends with {@code UNAVAILABLE} or loses its connection, the watch
 * reconnects with the ID of the last event it received ({@code after_event_id}), waiting 100 ms
 * before the first attempt and doubling up to 5 s while attempts keep failing (reset by every event
 * received or stream ended by the server). Any other error ({@code NOT_FOUND}, {@code
 * UNAUTHENTICATED}, …) is thrown by {@link #hasNext()} as a {@link StatusRuntimeException}; so is
 * {@code CANCELLED} when the thread is interrupted or the caller's {@link Context} is cancelled,
 * and {@code UNAVAILABLE} once the {@link VerilinkClient} is closed.
 *
 * <p>Iteration ends ({@link #hasNext()} returns {@code false}) after the event {@code
 * inquiry.redacted}, after which nothing happens to the inquiry, or once {@link #close()} was
 * called. Iterate from one thread; {@link #close()} may be called from any thread, and wakes an
 * iteration that is waiting for an event or a reconnection.
 *
 * <pre>{@code
 * try (InquiryWatch watch = client.watchInquiry(inquiryId, "")) {
 *   while (watch.hasNext()) {
 *     Event event = watch.next();
 *     System.out.println(event.getName() + " " + event.getId());
 *   }
 * }
 * }</pre>
 */
public final class InquiryWatch implements Iterator<Event>, AutoCloseable {
  /** The last event of an inquiry: its watch ends after it. */
  public static final String REDACTED = "inquiry.redacted";

  private static final long INITIAL_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final InquiryServiceGrpc.InquiryServiceBlockingStub stub;
  private final ManagedChannel channel;
  private final String inquiryId;
  private final CountDownLatch closed = new CountDownLatch(1);

  private String lastEventId;
  private long backoffMillis = INITIAL_BACKOFF_MILLIS;
  private Iterator<WatchInquiryResponse> stream;
  private Context.CancellableContext streamContext; // guarded by this
  private Event next;
  private boolean finished;

  InquiryWatch(
      InquiryServiceGrpc.InquiryServiceBlockingStub stub,
      ManagedChannel channel,
      String inquiryId,
      String afterEventId) {
    this.stub = stub;
    this.channel = channel;
    this.inquiryId = inquiryId;
    this.lastEventId = afterEventId;
  }

  /**
   * Waits for the next event, reconnecting as needed.
   *
   * @return {@code true} when there is one; {@code false} after {@code inquiry.redacted} or {@link
   *     #close()}
   * @throws StatusRuntimeException when the server refuses the watch ({@code NOT_FOUND}, {@code
   *     INVALID_ARGUMENT}, {@code UNAUTHENTICATED}, …); {@code CANCELLED} when the thread is
   *     interrupted or the caller's context cancelled; {@code UNAVAILABLE} once the client is
   *     closed
   */
  @Override
  public boolean hasNext() {
    while (next == null && !finished) {
      if (isClosed()) {
        finished = true;
        break;
      }
      if (stream == null) {
        open();
      }
      try {
        if (stream.hasNext()) {
          receive(stream.next().getEvent());
        } else { // ended with OK without inquiry.redacted: drained, or the stream's lifetime is up
          endStream();
          backoffMillis = INITIAL_BACKOFF_MILLIS;
          pause();
        }
      } catch (StatusRuntimeException e) {
        endStream();
        if (isClosed()) {
          finished = true;
        } else if (e.getStatus().getCode() == Status.Code.UNAVAILABLE && !channel.isShutdown()) {
          pause();
        } else {
          finished = true;
          throw e;
        }
      }
    }
    return next != null;
  }

  /**
   * The next event.
   *
   * @return the event after the one returned before (or after {@code after_event_id})
   * @throws NoSuchElementException if {@link #hasNext()} is {@code false}
   */
  @Override
  public Event next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the watch of " + inquiryId + " is over");
    }
    Event event = next;
    next = null;
    return event;
  }

  /** Stops the watch: cancels its stream, and {@link #hasNext()} returns {@code false}. */
  @Override
  public void close() {
    closed.countDown();
    synchronized (this) {
      if (streamContext != null) {
        streamContext.cancel(null);
      }
    }
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  private void receive(Event event) {
    next = event;
    lastEventId = event.getId();
    backoffMillis = INITIAL_BACKOFF_MILLIS;
    if (event.getName().equals(REDACTED)) {
      finished = true;
      endStream();
    }
  }

  /** Starts a stream of the events after the last one received. */
  private void open() {
    Context.CancellableContext context = Context.current().withCancellation();
    synchronized (this) {
      streamContext = context;
      if (isClosed()) { // close() ran before streamContext was set: the call fails as CANCELLED
        context.cancel(null);
      }
    }
    WatchInquiryRequest request =
        WatchInquiryRequest.newBuilder()
            .setInquiryId(inquiryId)
            .setAfterEventId(lastEventId)
            .build();
    Context previous = context.attach();
    try {
      stream = stub.watchInquiry(request);
    } finally {
      context.detach(previous);
    }
  }

  private void endStream() {
    stream = null;
    synchronized (this) {
      if (streamContext != null) {
        streamContext.cancel(null);
        streamContext = null;
      }
    }
  }

  /** Waits before reconnecting (woken by close), then doubles the next wait. */
  private void pause() {
    try {
      if (closed.await(backoffMillis, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = true;
      throw Status.CANCELLED.withDescription("interrupted").withCause(e).asRuntimeException();
    }
    backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    channel.resetConnectBackoff(); // connect now, not after the channel's own backoff
  }
}
