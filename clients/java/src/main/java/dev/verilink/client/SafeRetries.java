package dev.verilink.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Retries the unary calls that are safe to repeat, for {@link VerilinkClient.Builder#retries}:
 * reads ({@code Get*}, {@code List*}, {@code ExportInquiry}) and the mutations of {@code
 * verilink.v1}, when they fail with {@code UNAVAILABLE} or with {@code ABORTED} {@code
 * IDEMPOTENCY_KEY_IN_USE}. A mutation is made safe to repeat by its {@code idempotency-key}: the
 * caller's, kept as it is, or else one generated here before the first attempt (a random UUID, 122
 * bits from {@link java.security.SecureRandom}), which every attempt sends. The server answers a
 * key once, so a retry after {@code UNAVAILABLE} {@code COMMIT_OUTCOME_UNKNOWN} (the connection to
 * its database was lost while the change committed) replays the change if it was made, and makes it
 * if it was not. Other calls (health) go through once. At most {@value #MAX_ATTEMPTS} attempts,
 * waiting 250 ms, 500 ms, 1 s, 2 s (±20 %) between them, and never past the call's deadline. Before
 * each retry the channel is told to reconnect now, rather than after its own reconnection backoff
 * (1 s growing to 2 min), so that these waits are the ones that count.
 *
 * <p>gRPC's service-config retry policy cannot do this: it chooses by method name only, and whether
 * a mutation may be repeated depends on its metadata (the idempotency key).
 */
final class SafeRetries implements ClientInterceptor {
  private static final int MAX_ATTEMPTS = 5;
  private static final long INITIAL_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  private static final String KEY_IN_USE = "IDEMPOTENCY_KEY_IN_USE";

  /** The service whose mutations take an idempotency key (its methods' full names start so). */
  private static final String SERVICE_PREFIX = "verilink.v1.";

  private final ScheduledExecutorService scheduler;
  private final ManagedChannel channel;

  SafeRetries(ScheduledExecutorService scheduler, ManagedChannel channel) {
    this.scheduler = scheduler;
    this.channel = channel;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    if (method.getType() != MethodDescriptor.MethodType.UNARY) {
      return next.newCall(method, callOptions);
    }
    return new RetryingCall<>(method, callOptions, next);
  }

  /** Whether a call of {@code method} only reads, so that repeating it changes nothing. */
  private static boolean isRead(MethodDescriptor<?, ?> method) {
    String name = method.getBareMethodName();
    return name != null
        && (name.startsWith("Get") || name.startsWith("List") || name.equals("ExportInquiry"));
  }

  private static boolean isRetryable(Status status, Metadata trailers) {
    switch (status.getCode()) {
      case UNAVAILABLE:
        return true;
      case ABORTED:
        return VerilinkClient.reason(status.asRuntimeException(trailers)).equals(KEY_IN_USE);
      default:
        return false;
    }
  }

  /**
   * A unary call that buffers its request and replays it on a new call for each attempt. Calls that
   * may not be retried go straight through.
   */
  private final class RetryingCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
    private final MethodDescriptor<ReqT, RespT> method;
    private final CallOptions callOptions;
    private final Channel next;
    private final Context context = Context.current();
    private final Object lock = new Object();

    private Listener<RespT> listener;
    private Metadata headers;
    private ClientCall<ReqT, RespT> direct; // when the call may not be retried
    private ReqT request;
    private int requested;
    // guarded by lock
    private int attempts;
    private long backoffNanos = INITIAL_BACKOFF_NANOS;
    private ClientCall<ReqT, RespT> attempt;
    private ScheduledFuture<?> pendingRetry;
    private boolean cancelled;

    RetryingCall(MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
      this.method = method;
      this.callOptions = callOptions;
      this.next = next;
    }

    @Override
    public void start(Listener<RespT> listener, Metadata headers) {
      boolean read = isRead(method);
      if (!read
          && !headers.containsKey(VerilinkClient.IDEMPOTENCY_KEY)
          && method.getFullMethodName().startsWith(SERVICE_PREFIX)) {
        // A mutation without the caller's key gets one, in the headers that every attempt copies.
        headers.put(VerilinkClient.IDEMPOTENCY_KEY, UUID.randomUUID().toString());
      }
      if (read || headers.containsKey(VerilinkClient.IDEMPOTENCY_KEY)) {
        this.listener = listener;
        this.headers = headers;
      } else {
        direct = next.newCall(method, callOptions);
        direct.start(listener, headers);
      }
    }

    @Override
    public void request(int numMessages) {
      if (direct != null) {
        direct.request(numMessages);
        return;
      }
      ClientCall<ReqT, RespT> current;
      synchronized (lock) {
        requested += numMessages;
        current = attempt;
      }
      if (current != null) {
        current.request(numMessages);
      }
    }

    @Override
    public void sendMessage(ReqT message) {
      if (direct != null) {
        direct.sendMessage(message);
      } else {
        request = message;
      }
    }

    @Override
    public void halfClose() {
      if (direct != null) {
        direct.halfClose();
      } else {
        startAttempt();
      }
    }

    @Override
    public void cancel(String message, Throwable cause) {
      if (direct != null) {
        direct.cancel(message, cause);
        return;
      }
      ClientCall<ReqT, RespT> current;
      boolean closeNow = false;
      synchronized (lock) {
        cancelled = true;
        current = attempt;
        if (pendingRetry != null) {
          // false: the retry is starting; it sees `cancelled` and closes the call itself
          closeNow = pendingRetry.cancel(false);
          pendingRetry = null;
        }
      }
      if (current != null) {
        current.cancel(message, cause); // its onClose reports CANCELLED
      } else if (closeNow) {
        closeCancelled(message, cause);
      }
    }

    @Override
    public boolean isReady() {
      if (direct != null) {
        return direct.isReady();
      }
      synchronized (lock) {
        return attempt != null && attempt.isReady();
      }
    }

    private void startAttempt() {
      ClientCall<ReqT, RespT> call;
      int credit;
      synchronized (lock) {
        pendingRetry = null;
        if (cancelled) {
          call = null;
          credit = 0;
        } else {
          attempts++;
          call = next.newCall(method, callOptions);
          attempt = call;
          credit = requested;
        }
      }
      if (call == null) {
        closeCancelled("cancelled while waiting to retry", null);
        return;
      }
      Metadata attemptHeaders = new Metadata();
      attemptHeaders.merge(headers);
      call.start(new AttemptListener(), attemptHeaders);
      if (credit > 0) {
        call.request(credit);
      }
      call.sendMessage(request);
      call.halfClose();
    }

    /** Schedules another attempt if the failure allows it and the deadline leaves time for it. */
    private boolean retryLater(Status status, Metadata trailers) {
      if (!isRetryable(status, trailers)) {
        return false;
      }
      synchronized (lock) {
        if (cancelled || attempts >= MAX_ATTEMPTS) {
          return false;
        }
        long delay = (long) (backoffNanos * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
        Deadline deadline = earliest(callOptions.getDeadline(), context.getDeadline());
        if (deadline != null && deadline.timeRemaining(TimeUnit.NANOSECONDS) <= delay) {
          return false;
        }
        try {
          pendingRetry =
              scheduler.schedule(
                  context.wrap(
                      () -> {
                        channel.resetConnectBackoff();
                        startAttempt();
                      }),
                  delay,
                  TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // the client is closed
          return false;
        }
        backoffNanos *= 2;
        attempt = null;
        return true;
      }
    }

    private void closeCancelled(String message, Throwable cause) {
      Runnable close =
          () ->
              listener.onClose(
                  Status.CANCELLED.withDescription(message).withCause(cause), new Metadata());
      Executor executor = callOptions.getExecutor();
      if (executor != null) { // e.g. a blocking stub waits for its callbacks on its own executor
        executor.execute(close);
      } else {
        close.run();
      }
    }

    /** Holds an attempt's response back until it is known to be the last attempt. */
    private final class AttemptListener extends Listener<RespT> {
      private Metadata responseHeaders;
      private RespT response;

      @Override
      public void onHeaders(Metadata headers) {
        responseHeaders = headers;
      }

      @Override
      public void onMessage(RespT message) {
        response = message;
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        if (response == null && retryLater(status, trailers)) {
          return;
        }
        if (responseHeaders != null) {
          listener.onHeaders(responseHeaders);
        }
        if (response != null) {
          listener.onMessage(response);
        }
        listener.onClose(status, trailers);
      }
    }
  }

  private static Deadline earliest(Deadline a, Deadline b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a.minimum(b);
  }
}
