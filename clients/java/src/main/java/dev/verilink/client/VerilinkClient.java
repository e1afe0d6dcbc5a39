package dev.verilink.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.verilink.v1.AuditServiceGrpc;
import dev.verilink.v1.InquiryServiceGrpc;
import dev.verilink.v1.InquiryTemplateServiceGrpc;
import dev.verilink.v1.OneTimeLinkServiceGrpc;
import dev.verilink.v1.SessionServiceGrpc;
import dev.verilink.v1.WebhookServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Java client of Verilink: a gRPC connection with a credential attached to every call, and the
 * blocking stubs generated from {@code proto/verilink/v1} (package {@code dev.verilink.v1}).
 *
 * <pre>{@code
 * try (VerilinkClient client = VerilinkClient.connect("verilink.example.com:443", apiKey)) {
 *   Inquiry inquiry = client.inquiries()
 *       .getInquiry(GetInquiryRequest.newBuilder().setId("inq_…").build())
 *       .getInquiry();
 * } catch (StatusRuntimeException e) {
 *   String reason = VerilinkClient.errorInfo(e).map(ErrorInfo::getReason).orElse("");
 * }
 * }</pre>
 *
 * <p>The credential is an API key ({@code vlk_…}) for the management plane, a session token ({@code
 * vls_…}) for the end-user plane ({@code GetCurrentSession}, {@code SubmitSession}), or none
 * ({@code RedeemOneTimeLink}, health); it travels as {@code authorization: Bearer …}. A client is
 * thread-safe; make one per credential and close it when done.
 *
 * <p>{@link #watchInquiry(String, String)} follows an inquiry's events across reconnections, {@link
 * Builder#retries(boolean)} retries the calls that are safe to repeat, and {@link Webhooks}
 * verifies webhook deliveries.
 */
public final class VerilinkClient implements AutoCloseable {
  /** The domain of the {@code google.rpc.ErrorInfo} that every Verilink error carries. */
  public static final String ERROR_DOMAIN = "verilink.dev";

  /** Metadata carrying the credential, as {@code Bearer <credential>}. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** Metadata carrying the idempotency key of a mutating call. */
  public static final Metadata.Key<String> IDEMPOTENCY_KEY =
      Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel managedChannel;
  private final ScheduledExecutorService retryScheduler;
  private final Channel authenticated;
  private final Channel anonymous;

  private VerilinkClient(
      ManagedChannel managedChannel, String credential, Duration deadline, boolean retries) {
    this.managedChannel = managedChannel;
    ClientInterceptor deadlines = new DefaultDeadline(deadline);
    if (retries) {
      retryScheduler =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "verilink-retry");
                thread.setDaemon(true);
                return thread;
              });
      // the default deadline, applied first, bounds all the attempts of a call together
      ClientInterceptor safeRetries = new SafeRetries(retryScheduler, managedChannel);
      this.anonymous = ClientInterceptors.intercept(managedChannel, safeRetries, deadlines);
    } else {
      retryScheduler = null;
      this.anonymous = ClientInterceptors.intercept(managedChannel, deadlines);
    }
    this.authenticated =
        credential == null
            ? anonymous
            : ClientInterceptors.intercept(anonymous, new Authorization(credential));
  }

  /**
   * Connects to {@code target} over TLS (system roots) with {@code apiKey}. The connection is made
   * lazily, by the first call.
   *
   * @param target a gRPC target: {@code host:port} or a URI such as {@code dns:///host:443}
   * @param apiKey an API key, {@code vlk_sandbox_…} or {@code vlk_live_…}
   */
  public static VerilinkClient connect(String target, String apiKey) {
    return builder(target).apiKey(apiKey).build();
  }

  /** A builder for a client of {@code target} ({@code host:port} or a gRPC target URI). */
  public static Builder builder(String target) {
    return new Builder(target);
  }

  /** {@code InquiryTemplateService}. */
  public InquiryTemplateServiceGrpc.InquiryTemplateServiceBlockingStub templates() {
    return InquiryTemplateServiceGrpc.newBlockingStub(authenticated);
  }

  /** {@code InquiryService}. */
  public InquiryServiceGrpc.InquiryServiceBlockingStub inquiries() {
    return InquiryServiceGrpc.newBlockingStub(authenticated);
  }

  /** {@code SessionService}. */
  public SessionServiceGrpc.SessionServiceBlockingStub sessions() {
    return SessionServiceGrpc.newBlockingStub(authenticated);
  }

  /** {@code OneTimeLinkService}. */
  public OneTimeLinkServiceGrpc.OneTimeLinkServiceBlockingStub oneTimeLinks() {
    return OneTimeLinkServiceGrpc.newBlockingStub(authenticated);
  }

  /** {@code WebhookService}. */
  public WebhookServiceGrpc.WebhookServiceBlockingStub webhooks() {
    return WebhookServiceGrpc.newBlockingStub(authenticated);
  }

  /** {@code AuditService}: the audit log, every event with its actor. */
  public AuditServiceGrpc.AuditServiceBlockingStub audit() {
    return AuditServiceGrpc.newBlockingStub(authenticated);
  }

  /**
   * Follows the events of an inquiry from the start: every event it has, then new ones as they
   * commit, across reconnections. Same as {@code watchInquiry(inquiryId, "")}.
   *
   * @param inquiryId the inquiry ({@code inq_…})
   * @return an iterator of the events; close it when done
   */
  public InquiryWatch watchInquiry(String inquiryId) {
    return watchInquiry(inquiryId, "");
  }

  /**
   * Follows the events of an inquiry after {@code afterEventId}, resuming the stream ({@code
   * WatchInquiry}) with the last event received whenever it ends early or its connection fails, so
   * that each event arrives once and in order. See {@link InquiryWatch}.
   *
   * @param inquiryId the inquiry ({@code inq_…})
   * @param afterEventId the last event already processed ({@code evt_…}), or {@code ""} for all
   * @return an iterator of the events; close it when done
   */
  public InquiryWatch watchInquiry(String inquiryId, String afterEventId) {
    return new InquiryWatch(
        inquiries(),
        managedChannel,
        Objects.requireNonNull(inquiryId, "inquiryId"),
        Objects.requireNonNull(afterEventId, "afterEventId"));
  }

  /**
   * {@code grpc.health.v1.Health}: service {@code ""} (the server) and {@code
   * verilink.v1.InquiryService} report SERVING while the database is up. Sent without credential.
   */
  public HealthGrpc.HealthBlockingStub health() {
    return HealthGrpc.newBlockingStub(anonymous);
  }

  /**
   * The channel behind the stubs, with the credential, the default deadline and the retries: for
   * the generated async or future stubs, e.g. {@code
   * InquiryServiceGrpc.newFutureStub(client.channel())}.
   */
  public Channel channel() {
    return authenticated;
  }

  /**
   * Sends {@code idempotency-key: key} with the calls of a stub: {@code
   * client.inquiries().withInterceptors(VerilinkClient.idempotencyKey(key)).createInquiry(…)}. For
   * 24 hours the same key with the same request replays the stored response; use an unpredictable
   * key (a UUIDv4) per logical operation. With {@link Builder#retries} on, a mutation without a key
   * gets a generated one; this one is kept instead.
   *
   * @param key 1 to 255 printable ASCII characters
   */
  public static ClientInterceptor idempotencyKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.length() > 255 || !printableAscii(key, true)) {
      throw new IllegalArgumentException(
          "an idempotency key is 1 to 255 printable ASCII characters");
    }
    return new MetadataInterceptor(IDEMPOTENCY_KEY, key);
  }

  /**
   * The {@code google.rpc.ErrorInfo} of a failed call ({@link io.grpc.StatusRuntimeException} or
   * {@link io.grpc.StatusException}): its {@code getReason()} is the UPPER_SNAKE reason, e.g.
   * {@code INQUIRY_NOT_FOUND}, and {@code getDomain()} is {@link #ERROR_DOMAIN}.
   */
  public static Optional<ErrorInfo> errorInfo(Throwable error) {
    return errorDetail(error, ErrorInfo.class);
  }

  /**
   * The ErrorInfo reason of a failed call (e.g. {@code API_KEY_INVALID}), or {@code ""} when it
   * carries none (a transport failure such as UNAVAILABLE or DEADLINE_EXCEEDED).
   */
  public static String reason(Throwable error) {
    return errorInfo(error).map(ErrorInfo::getReason).orElse("");
  }

  /** The {@code google.rpc.BadRequest} (field violations) of an INVALID_ARGUMENT failure. */
  public static Optional<BadRequest> badRequest(Throwable error) {
    return errorDetail(error, BadRequest.class);
  }

  /** The {@code google.rpc.RetryInfo} (when to retry) of a RESOURCE_EXHAUSTED failure. */
  public static Optional<RetryInfo> retryInfo(Throwable error) {
    return errorDetail(error, RetryInfo.class);
  }

  /**
   * The first detail of type {@code type} in the {@code google.rpc.Status} of a failed call ({@code
   * grpc-status-details-bin}), if any.
   */
  public static <T extends Message> Optional<T> errorDetail(Throwable error, Class<T> type) {
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    if (status == null) {
      return Optional.empty();
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(type)) {
        try {
          return Optional.of(detail.unpack(type));
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Shuts the connection down, waiting up to 5 seconds for calls in flight. A call waiting to be
   * retried makes its next attempt at the usual time, which fails at once ({@code UNAVAILABLE}).
   */
  @Override
  public void close() {
    managedChannel.shutdown();
    if (retryScheduler != null) {
      retryScheduler.shutdown(); // runs the retries already scheduled, and accepts no more
    }
    try {
      if (!managedChannel.awaitTermination(5, TimeUnit.SECONDS)) {
        managedChannel.shutdownNow();
      }
    } catch (InterruptedException e) {
      managedChannel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static boolean printableAscii(String value, boolean allowSpace) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0x7e || c < 0x20 || (c == ' ' && !allowSpace)) {
        return false;
      }
    }
    return true;
  }

  /** Options of a {@link VerilinkClient}. */
  public static final class Builder {
    private final String target;
    private String credential;
    private boolean useTls = true;
    private ChannelCredentials channelCredentials;
    private Duration defaultDeadline;
    private boolean retries;
    private Consumer<ManagedChannelBuilder<?>> configure;

    private Builder(String target) {
      this.target = Objects.requireNonNull(target, "target");
    }

    /** Authenticates with an API key ({@code vlk_sandbox_…} or {@code vlk_live_…}). */
    public Builder apiKey(String apiKey) {
      return credential(apiKey);
    }

    /** Authenticates as an end user with a session token ({@code vls_…}). */
    public Builder sessionToken(String sessionToken) {
      return credential(sessionToken);
    }

    /**
     * Sends {@code credential} as {@code authorization: Bearer <credential>} on every call; {@code
     * null} or empty for none. {@link #apiKey} and {@link #sessionToken} set the same thing: the
     * last one set wins.
     */
    public Builder credential(String credential) {
      if (credential != null && !credential.isEmpty() && !printableAscii(credential, false)) {
        throw new IllegalArgumentException("a credential is printable ASCII without spaces");
      }
      this.credential = credential == null || credential.isEmpty() ? null : credential;
      return this;
    }

    /**
     * TLS with the system's root certificates (the default), or plaintext when {@code false}: for a
     * server on localhost or behind a trusted proxy only, since the credential travels with every
     * call.
     */
    public Builder useTls(boolean useTls) {
      this.useTls = useTls;
      return this;
    }

    /**
     * Transport credentials to use instead of {@link #useTls}'s, e.g. {@code
     * TlsChannelCredentials.newBuilder().trustManager(caPem).build()} for a private CA.
     */
    public Builder channelCredentials(ChannelCredentials channelCredentials) {
      this.channelCredentials = channelCredentials;
      return this;
    }

    /**
     * Gives every unary call that has no deadline of its own (a stub's {@code withDeadlineAfter})
     * this one, counted from the call's start. Streams ({@code WatchInquiry}) are not limited.
     * Default: none.
     */
    public Builder defaultDeadline(Duration defaultDeadline) {
      if (defaultDeadline != null && (defaultDeadline.isNegative() || defaultDeadline.isZero())) {
        throw new IllegalArgumentException("the default deadline must be positive");
      }
      this.defaultDeadline = defaultDeadline;
      return this;
    }

    /**
     * Retries, with backoff, the unary calls that are safe to repeat when they fail with {@code
     * UNAVAILABLE} (the server is unreachable, restarting, or its database is) or with {@code
     * ABORTED} {@code IDEMPOTENCY_KEY_IN_USE} (the first call with the same key is still running):
     * reads ({@code Get*}, {@code List*}, {@code ExportInquiry}, {@code GetCurrentSession}) and the
     * mutations of {@code verilink.v1}, each with an idempotency key. A mutation without one
     * ({@link VerilinkClient#idempotencyKey}) gets a key generated before its first attempt (a
     * random UUID), and every attempt sends that key, so the server does the change once: a retry
     * after {@code UNAVAILABLE} {@code COMMIT_OUTCOME_UNKNOWN} (a database failover during the
     * commit) replays it if it was made. Your own key is kept; set one, and store it, to retry an
     * operation beyond this call (e.g. after your process restarts). Up to 5 attempts, 250 ms apart
     * doubling (±20 %), and never past the call's deadline. Streams and health calls are not
     * retried. Default: off, as in grpc-java; then no key is added to any call.
     */
    public Builder retries(boolean retries) {
      this.retries = retries;
      return this;
    }

    /** Further channel settings (keepalive, message sizes, user agent, …). */
    public Builder configureChannel(Consumer<ManagedChannelBuilder<?>> configure) {
      this.configure = configure;
      return this;
    }

    /** Creates the client; the connection is made lazily, by the first call. */
    public VerilinkClient build() {
      ChannelCredentials transport = channelCredentials;
      if (transport == null) {
        transport = useTls ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
      }
      ManagedChannelBuilder<?> channelBuilder = Grpc.newChannelBuilder(target, transport);
      if (configure != null) {
        configure.accept(channelBuilder);
      }
      return new VerilinkClient(channelBuilder.build(), credential, defaultDeadline, retries);
    }
  }

  /** Adds {@code authorization: Bearer <credential>} to every call. */
  private static final class Authorization extends MetadataInterceptor {
    Authorization(String credential) {
      super(AUTHORIZATION, "Bearer " + credential);
    }
  }

  /** Adds one metadata entry to every call. */
  private static class MetadataInterceptor implements ClientInterceptor {
    private final Metadata.Key<String> key;
    private final String value;

    MetadataInterceptor(Metadata.Key<String> key, String value) {
      this.key = key;
      this.value = value;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
      return new SimpleForwardingClientCall<ReqT, RespT>(next.newCall(method, callOptions)) {
        @Override
        public void start(Listener<RespT> responseListener, Metadata headers) {
          headers.discardAll(key);
          headers.put(key, value);
          super.start(responseListener, headers);
        }
      };
    }
  }

  /** Applies the default deadline, per call, to unary calls that have none. */
  private static final class DefaultDeadline implements ClientInterceptor {
    private final Duration deadline;

    DefaultDeadline(Duration deadline) {
      this.deadline = deadline;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
      if (deadline != null
          && callOptions.getDeadline() == null
          && method.getType() == MethodDescriptor.MethodType.UNARY) {
        callOptions = callOptions.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
      }
      return next.newCall(method, callOptions);
    }
  }
}
