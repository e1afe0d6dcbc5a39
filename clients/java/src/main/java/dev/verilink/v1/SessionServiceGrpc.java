package dev.verilink.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Inquiry sessions: periods of end-user access to one inquiry, opened by
 * redeeming a one-time link (`OneTimeLinkService.RedeemOneTimeLink`) or by
 * `InquiryService.ResumeInquiry`.
 * Two planes share this service:
 * - Management plane (`GetSession`, `ListSessions`, `ExpireSession`,
 *   `ExpireAllSessions`): `authorization: Bearer &lt;api key&gt;`; sessions outside
 *   the key's organization and environment are `NOT_FOUND`.
 * - End-user plane (`GetCurrentSession`, `SubmitSession`):
 *   `authorization: Bearer &lt;session token&gt;` (`vls_…`). A session token can
 *   never call the management plane and an API key can never act as a
 *   session (`UNAUTHENTICATED`).
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class SessionServiceGrpc {

  private SessionServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "verilink.v1.SessionService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.GetSessionRequest,
      dev.verilink.v1.GetSessionResponse> getGetSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetSession",
      requestType = dev.verilink.v1.GetSessionRequest.class,
      responseType = dev.verilink.v1.GetSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.GetSessionRequest,
      dev.verilink.v1.GetSessionResponse> getGetSessionMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.GetSessionRequest, dev.verilink.v1.GetSessionResponse> getGetSessionMethod;
    if ((getGetSessionMethod = SessionServiceGrpc.getGetSessionMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getGetSessionMethod = SessionServiceGrpc.getGetSessionMethod) == null) {
          SessionServiceGrpc.getGetSessionMethod = getGetSessionMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.GetSessionRequest, dev.verilink.v1.GetSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("GetSession"))
              .build();
        }
      }
    }
    return getGetSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ListSessionsRequest,
      dev.verilink.v1.ListSessionsResponse> getListSessionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListSessions",
      requestType = dev.verilink.v1.ListSessionsRequest.class,
      responseType = dev.verilink.v1.ListSessionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ListSessionsRequest,
      dev.verilink.v1.ListSessionsResponse> getListSessionsMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ListSessionsRequest, dev.verilink.v1.ListSessionsResponse> getListSessionsMethod;
    if ((getListSessionsMethod = SessionServiceGrpc.getListSessionsMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getListSessionsMethod = SessionServiceGrpc.getListSessionsMethod) == null) {
          SessionServiceGrpc.getListSessionsMethod = getListSessionsMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ListSessionsRequest, dev.verilink.v1.ListSessionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListSessions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListSessionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListSessionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("ListSessions"))
              .build();
        }
      }
    }
    return getListSessionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ExpireSessionRequest,
      dev.verilink.v1.ExpireSessionResponse> getExpireSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ExpireSession",
      requestType = dev.verilink.v1.ExpireSessionRequest.class,
      responseType = dev.verilink.v1.ExpireSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ExpireSessionRequest,
      dev.verilink.v1.ExpireSessionResponse> getExpireSessionMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ExpireSessionRequest, dev.verilink.v1.ExpireSessionResponse> getExpireSessionMethod;
    if ((getExpireSessionMethod = SessionServiceGrpc.getExpireSessionMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getExpireSessionMethod = SessionServiceGrpc.getExpireSessionMethod) == null) {
          SessionServiceGrpc.getExpireSessionMethod = getExpireSessionMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ExpireSessionRequest, dev.verilink.v1.ExpireSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ExpireSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ExpireSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ExpireSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("ExpireSession"))
              .build();
        }
      }
    }
    return getExpireSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ExpireAllSessionsRequest,
      dev.verilink.v1.ExpireAllSessionsResponse> getExpireAllSessionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ExpireAllSessions",
      requestType = dev.verilink.v1.ExpireAllSessionsRequest.class,
      responseType = dev.verilink.v1.ExpireAllSessionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ExpireAllSessionsRequest,
      dev.verilink.v1.ExpireAllSessionsResponse> getExpireAllSessionsMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ExpireAllSessionsRequest, dev.verilink.v1.ExpireAllSessionsResponse> getExpireAllSessionsMethod;
    if ((getExpireAllSessionsMethod = SessionServiceGrpc.getExpireAllSessionsMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getExpireAllSessionsMethod = SessionServiceGrpc.getExpireAllSessionsMethod) == null) {
          SessionServiceGrpc.getExpireAllSessionsMethod = getExpireAllSessionsMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ExpireAllSessionsRequest, dev.verilink.v1.ExpireAllSessionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ExpireAllSessions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ExpireAllSessionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ExpireAllSessionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("ExpireAllSessions"))
              .build();
        }
      }
    }
    return getExpireAllSessionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.GetCurrentSessionRequest,
      dev.verilink.v1.GetCurrentSessionResponse> getGetCurrentSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetCurrentSession",
      requestType = dev.verilink.v1.GetCurrentSessionRequest.class,
      responseType = dev.verilink.v1.GetCurrentSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.GetCurrentSessionRequest,
      dev.verilink.v1.GetCurrentSessionResponse> getGetCurrentSessionMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.GetCurrentSessionRequest, dev.verilink.v1.GetCurrentSessionResponse> getGetCurrentSessionMethod;
    if ((getGetCurrentSessionMethod = SessionServiceGrpc.getGetCurrentSessionMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getGetCurrentSessionMethod = SessionServiceGrpc.getGetCurrentSessionMethod) == null) {
          SessionServiceGrpc.getGetCurrentSessionMethod = getGetCurrentSessionMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.GetCurrentSessionRequest, dev.verilink.v1.GetCurrentSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetCurrentSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetCurrentSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetCurrentSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("GetCurrentSession"))
              .build();
        }
      }
    }
    return getGetCurrentSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.SubmitSessionRequest,
      dev.verilink.v1.SubmitSessionResponse> getSubmitSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SubmitSession",
      requestType = dev.verilink.v1.SubmitSessionRequest.class,
      responseType = dev.verilink.v1.SubmitSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.SubmitSessionRequest,
      dev.verilink.v1.SubmitSessionResponse> getSubmitSessionMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.SubmitSessionRequest, dev.verilink.v1.SubmitSessionResponse> getSubmitSessionMethod;
    if ((getSubmitSessionMethod = SessionServiceGrpc.getSubmitSessionMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getSubmitSessionMethod = SessionServiceGrpc.getSubmitSessionMethod) == null) {
          SessionServiceGrpc.getSubmitSessionMethod = getSubmitSessionMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.SubmitSessionRequest, dev.verilink.v1.SubmitSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SubmitSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.SubmitSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.SubmitSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("SubmitSession"))
              .build();
        }
      }
    }
    return getSubmitSessionMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static SessionServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionServiceStub>() {
        @java.lang.Override
        public SessionServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionServiceStub(channel, callOptions);
        }
      };
    return SessionServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static SessionServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionServiceBlockingV2Stub>() {
        @java.lang.Override
        public SessionServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return SessionServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static SessionServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionServiceBlockingStub>() {
        @java.lang.Override
        public SessionServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionServiceBlockingStub(channel, callOptions);
        }
      };
    return SessionServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static SessionServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionServiceFutureStub>() {
        @java.lang.Override
        public SessionServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionServiceFutureStub(channel, callOptions);
        }
      };
    return SessionServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Inquiry sessions: periods of end-user access to one inquiry, opened by
   * redeeming a one-time link (`OneTimeLinkService.RedeemOneTimeLink`) or by
   * `InquiryService.ResumeInquiry`.
   * Two planes share this service:
   * - Management plane (`GetSession`, `ListSessions`, `ExpireSession`,
   *   `ExpireAllSessions`): `authorization: Bearer &lt;api key&gt;`; sessions outside
   *   the key's organization and environment are `NOT_FOUND`.
   * - End-user plane (`GetCurrentSession`, `SubmitSession`):
   *   `authorization: Bearer &lt;session token&gt;` (`vls_…`). A session token can
   *   never call the management plane and an API key can never act as a
   *   session (`UNAUTHENTICATED`).
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Returns one session by id.
     * </pre>
     */
    default void getSession(dev.verilink.v1.GetSessionRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetSessionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the sessions of one inquiry, all statuses, newest first.
     * </pre>
     */
    default void listSessions(dev.verilink.v1.ListSessionsRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListSessionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListSessionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Expires one ACTIVE session now; its token stops working immediately.
     * </pre>
     */
    default void expireSession(dev.verilink.v1.ExpireSessionRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ExpireSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getExpireSessionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Expires every ACTIVE session of one inquiry now and returns the sessions
     * it expired (possibly none). The inquiry's status is unchanged.
     * </pre>
     */
    default void expireAllSessions(dev.verilink.v1.ExpireAllSessionsRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ExpireAllSessionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getExpireAllSessionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * End-user plane. Returns the caller's session (identified by the session
     * token in the `authorization` metadata) and what the end user may see of
     * its inquiry. A missing, unknown or expired session token is
     * `UNAUTHENTICATED`.
     * </pre>
     */
    default void getCurrentSession(dev.verilink.v1.GetCurrentSessionRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetCurrentSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetCurrentSessionMethod(), responseObserver);
    }

    /**
     * <pre>
     * End-user plane. Submits the collected fields, completes the session and
     * moves the inquiry from PENDING to COMPLETED or FAILED (then APPROVED if
     * the template auto-approves). In sandbox, `sandbox_outcome` chooses the
     * result. An inquiry not in PENDING is `FAILED_PRECONDITION`.
     * </pre>
     */
    default void submitSession(dev.verilink.v1.SubmitSessionRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.SubmitSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubmitSessionMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service SessionService.
   * <pre>
   * Inquiry sessions: periods of end-user access to one inquiry, opened by
   * redeeming a one-time link (`OneTimeLinkService.RedeemOneTimeLink`) or by
   * `InquiryService.ResumeInquiry`.
   * Two planes share this service:
   * - Management plane (`GetSession`, `ListSessions`, `ExpireSession`,
   *   `ExpireAllSessions`): `authorization: Bearer &lt;api key&gt;`; sessions outside
   *   the key's organization and environment are `NOT_FOUND`.
   * - End-user plane (`GetCurrentSession`, `SubmitSession`):
   *   `authorization: Bearer &lt;session token&gt;` (`vls_…`). A session token can
   *   never call the management plane and an API key can never act as a
   *   session (`UNAUTHENTICATED`).
   * </pre>
   */
  public static abstract class SessionServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return SessionServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service SessionService.
   * <pre>
   * Inquiry sessions: periods of end-user access to one inquiry, opened by
   * redeeming a one-time link (`OneTimeLinkService.RedeemOneTimeLink`) or by
   * `InquiryService.ResumeInquiry`.
   * Two planes share this service:
   * - Management plane (`GetSession`, `ListSessions`, `ExpireSession`,
   *   `ExpireAllSessions`): `authorization: Bearer &lt;api key&gt;`; sessions outside
   *   the key's organization and environment are `NOT_FOUND`.
   * - End-user plane (`GetCurrentSession`, `SubmitSession`):
   *   `authorization: Bearer &lt;session token&gt;` (`vls_…`). A session token can
   *   never call the management plane and an API key can never act as a
   *   session (`UNAUTHENTICATED`).
   * </pre>
   */
  public static final class SessionServiceStub
      extends io.grpc.stub.AbstractAsyncStub<SessionServiceStub> {
    private SessionServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns one session by id.
     * </pre>
     */
    public void getSession(dev.verilink.v1.GetSessionRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the sessions of one inquiry, all statuses, newest first.
     * </pre>
     */
    public void listSessions(dev.verilink.v1.ListSessionsRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListSessionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListSessionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Expires one ACTIVE session now; its token stops working immediately.
     * </pre>
     */
    public void expireSession(dev.verilink.v1.ExpireSessionRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ExpireSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getExpireSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Expires every ACTIVE session of one inquiry now and returns the sessions
     * it expired (possibly none). The inquiry's status is unchanged.
     * </pre>
     */
    public void expireAllSessions(dev.verilink.v1.ExpireAllSessionsRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ExpireAllSessionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getExpireAllSessionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * End-user plane. Returns the caller's session (identified by the session
     * token in the `authorization` metadata) and what the end user may see of
     * its inquiry. A missing, unknown or expired session token is
     * `UNAUTHENTICATED`.
     * </pre>
     */
    public void getCurrentSession(dev.verilink.v1.GetCurrentSessionRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetCurrentSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetCurrentSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * End-user plane. Submits the collected fields, completes the session and
     * moves the inquiry from PENDING to COMPLETED or FAILED (then APPROVED if
     * the template auto-approves). In sandbox, `sandbox_outcome` chooses the
     * result. An inquiry not in PENDING is `FAILED_PRECONDITION`.
     * </pre>
     */
    public void submitSession(dev.verilink.v1.SubmitSessionRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.SubmitSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSubmitSessionMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service SessionService.
   * <pre>
   * Inquiry sessions: periods of end-user access to one inquiry, opened by
   * redeeming a one-time link (`OneTimeLinkService.RedeemOneTimeLink`) or by
   * `InquiryService.ResumeInquiry`.
   * Two planes share this service:
   * - Management plane (`GetSession`, `ListSessions`, `ExpireSession`,
   *   `ExpireAllSessions`): `authorization: Bearer &lt;api key&gt;`; sessions outside
   *   the key's organization and environment are `NOT_FOUND`.
   * - End-user plane (`GetCurrentSession`, `SubmitSession`):
   *   `authorization: Bearer &lt;session token&gt;` (`vls_…`). A session token can
   *   never call the management plane and an API key can never act as a
   *   session (`UNAUTHENTICATED`).
   * </pre>
   */
  public static final class SessionServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<SessionServiceBlockingV2Stub> {
    private SessionServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns one session by id.
     * </pre>
     */
    public dev.verilink.v1.GetSessionResponse getSession(dev.verilink.v1.GetSessionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the sessions of one inquiry, all statuses, newest first.
     * </pre>
     */
    public dev.verilink.v1.ListSessionsResponse listSessions(dev.verilink.v1.ListSessionsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListSessionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Expires one ACTIVE session now; its token stops working immediately.
     * </pre>
     */
    public dev.verilink.v1.ExpireSessionResponse expireSession(dev.verilink.v1.ExpireSessionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getExpireSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Expires every ACTIVE session of one inquiry now and returns the sessions
     * it expired (possibly none). The inquiry's status is unchanged.
     * </pre>
     */
    public dev.verilink.v1.ExpireAllSessionsResponse expireAllSessions(dev.verilink.v1.ExpireAllSessionsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getExpireAllSessionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * End-user plane. Returns the caller's session (identified by the session
     * token in the `authorization` metadata) and what the end user may see of
     * its inquiry. A missing, unknown or expired session token is
     * `UNAUTHENTICATED`.
     * </pre>
     */
    public dev.verilink.v1.GetCurrentSessionResponse getCurrentSession(dev.verilink.v1.GetCurrentSessionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetCurrentSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * End-user plane. Submits the collected fields, completes the session and
     * moves the inquiry from PENDING to COMPLETED or FAILED (then APPROVED if
     * the template auto-approves). In sandbox, `sandbox_outcome` chooses the
     * result. An inquiry not in PENDING is `FAILED_PRECONDITION`.
     * </pre>
     */
    public dev.verilink.v1.SubmitSessionResponse submitSession(dev.verilink.v1.SubmitSessionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSubmitSessionMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service SessionService.
   * <pre>
   * Inquiry sessions: periods of end-user access to one inquiry, opened by
   * redeeming a one-time link (`OneTimeLinkService.RedeemOneTimeLink`) or by
   * `InquiryService.ResumeInquiry`.
   * Two planes share this service:
   * - Management plane (`GetSession`, `ListSessions`, `ExpireSession`,
   *   `ExpireAllSessions`): `authorization: Bearer &lt;api key&gt;`; sessions outside
   *   the key's organization and environment are `NOT_FOUND`.
   * - End-user plane (`GetCurrentSession`, `SubmitSession`):
   *   `authorization: Bearer &lt;session token&gt;` (`vls_…`). A session token can
   *   never call the management plane and an API key can never act as a
   *   session (`UNAUTHENTICATED`).
   * </pre>
   */
  public static final class SessionServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<SessionServiceBlockingStub> {
    private SessionServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns one session by id.
     * </pre>
     */
    public dev.verilink.v1.GetSessionResponse getSession(dev.verilink.v1.GetSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the sessions of one inquiry, all statuses, newest first.
     * </pre>
     */
    public dev.verilink.v1.ListSessionsResponse listSessions(dev.verilink.v1.ListSessionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListSessionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Expires one ACTIVE session now; its token stops working immediately.
     * </pre>
     */
    public dev.verilink.v1.ExpireSessionResponse expireSession(dev.verilink.v1.ExpireSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getExpireSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Expires every ACTIVE session of one inquiry now and returns the sessions
     * it expired (possibly none). The inquiry's status is unchanged.
     * </pre>
     */
    public dev.verilink.v1.ExpireAllSessionsResponse expireAllSessions(dev.verilink.v1.ExpireAllSessionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getExpireAllSessionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * End-user plane. Returns the caller's session (identified by the session
     * token in the `authorization` metadata) and what the end user may see of
     * its inquiry. A missing, unknown or expired session token is
     * `UNAUTHENTICATED`.
     * </pre>
     */
    public dev.verilink.v1.GetCurrentSessionResponse getCurrentSession(dev.verilink.v1.GetCurrentSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetCurrentSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * End-user plane. Submits the collected fields, completes the session and
     * moves the inquiry from PENDING to COMPLETED or FAILED (then APPROVED if
     * the template auto-approves). In sandbox, `sandbox_outcome` chooses the
     * result. An inquiry not in PENDING is `FAILED_PRECONDITION`.
     * </pre>
     */
    public dev.verilink.v1.SubmitSessionResponse submitSession(dev.verilink.v1.SubmitSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSubmitSessionMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service SessionService.
   * <pre>
   * Inquiry sessions: periods of end-user access to one inquiry, opened by
   * redeeming a one-time link (`OneTimeLinkService.RedeemOneTimeLink`) or by
   * `InquiryService.ResumeInquiry`.
   * Two planes share this service:
   * - Management plane (`GetSession`, `ListSessions`, `ExpireSession`,
   *   `ExpireAllSessions`): `authorization: Bearer &lt;api key&gt;`; sessions outside
   *   the key's organization and environment are `NOT_FOUND`.
   * - End-user plane (`GetCurrentSession`, `SubmitSession`):
   *   `authorization: Bearer &lt;session token&gt;` (`vls_…`). A session token can
   *   never call the management plane and an API key can never act as a
   *   session (`UNAUTHENTICATED`).
   * </pre>
   */
  public static final class SessionServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<SessionServiceFutureStub> {
    private SessionServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns one session by id.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.GetSessionResponse> getSession(
        dev.verilink.v1.GetSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetSessionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the sessions of one inquiry, all statuses, newest first.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ListSessionsResponse> listSessions(
        dev.verilink.v1.ListSessionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListSessionsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Expires one ACTIVE session now; its token stops working immediately.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ExpireSessionResponse> expireSession(
        dev.verilink.v1.ExpireSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getExpireSessionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Expires every ACTIVE session of one inquiry now and returns the sessions
     * it expired (possibly none). The inquiry's status is unchanged.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ExpireAllSessionsResponse> expireAllSessions(
        dev.verilink.v1.ExpireAllSessionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getExpireAllSessionsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * End-user plane. Returns the caller's session (identified by the session
     * token in the `authorization` metadata) and what the end user may see of
     * its inquiry. A missing, unknown or expired session token is
     * `UNAUTHENTICATED`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.GetCurrentSessionResponse> getCurrentSession(
        dev.verilink.v1.GetCurrentSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetCurrentSessionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * End-user plane. Submits the collected fields, completes the session and
     * moves the inquiry from PENDING to COMPLETED or FAILED (then APPROVED if
     * the template auto-approves). In sandbox, `sandbox_outcome` chooses the
     * result. An inquiry not in PENDING is `FAILED_PRECONDITION`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.SubmitSessionResponse> submitSession(
        dev.verilink.v1.SubmitSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSubmitSessionMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GET_SESSION = 0;
  private static final int METHODID_LIST_SESSIONS = 1;
  private static final int METHODID_EXPIRE_SESSION = 2;
  private static final int METHODID_EXPIRE_ALL_SESSIONS = 3;
  private static final int METHODID_GET_CURRENT_SESSION = 4;
  private static final int METHODID_SUBMIT_SESSION = 5;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_GET_SESSION:
          serviceImpl.getSession((dev.verilink.v1.GetSessionRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.GetSessionResponse>) responseObserver);
          break;
        case METHODID_LIST_SESSIONS:
          serviceImpl.listSessions((dev.verilink.v1.ListSessionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ListSessionsResponse>) responseObserver);
          break;
        case METHODID_EXPIRE_SESSION:
          serviceImpl.expireSession((dev.verilink.v1.ExpireSessionRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ExpireSessionResponse>) responseObserver);
          break;
        case METHODID_EXPIRE_ALL_SESSIONS:
          serviceImpl.expireAllSessions((dev.verilink.v1.ExpireAllSessionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ExpireAllSessionsResponse>) responseObserver);
          break;
        case METHODID_GET_CURRENT_SESSION:
          serviceImpl.getCurrentSession((dev.verilink.v1.GetCurrentSessionRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.GetCurrentSessionResponse>) responseObserver);
          break;
        case METHODID_SUBMIT_SESSION:
          serviceImpl.submitSession((dev.verilink.v1.SubmitSessionRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.SubmitSessionResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getGetSessionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.GetSessionRequest,
              dev.verilink.v1.GetSessionResponse>(
                service, METHODID_GET_SESSION)))
        .addMethod(
          getListSessionsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ListSessionsRequest,
              dev.verilink.v1.ListSessionsResponse>(
                service, METHODID_LIST_SESSIONS)))
        .addMethod(
          getExpireSessionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ExpireSessionRequest,
              dev.verilink.v1.ExpireSessionResponse>(
                service, METHODID_EXPIRE_SESSION)))
        .addMethod(
          getExpireAllSessionsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ExpireAllSessionsRequest,
              dev.verilink.v1.ExpireAllSessionsResponse>(
                service, METHODID_EXPIRE_ALL_SESSIONS)))
        .addMethod(
          getGetCurrentSessionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.GetCurrentSessionRequest,
              dev.verilink.v1.GetCurrentSessionResponse>(
                service, METHODID_GET_CURRENT_SESSION)))
        .addMethod(
          getSubmitSessionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.SubmitSessionRequest,
              dev.verilink.v1.SubmitSessionResponse>(
                service, METHODID_SUBMIT_SESSION)))
        .build();
  }

  private static abstract class SessionServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    SessionServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.verilink.v1.SessionOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("SessionService");
    }
  }

  private static final class SessionServiceFileDescriptorSupplier
      extends SessionServiceBaseDescriptorSupplier {
    SessionServiceFileDescriptorSupplier() {}
  }

  private static final class SessionServiceMethodDescriptorSupplier
      extends SessionServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    SessionServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (SessionServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new SessionServiceFileDescriptorSupplier())
              .addMethod(getGetSessionMethod())
              .addMethod(getListSessionsMethod())
              .addMethod(getExpireSessionMethod())
              .addMethod(getExpireAllSessionsMethod())
              .addMethod(getGetCurrentSessionMethod())
              .addMethod(getSubmitSessionMethod())
              .build();
        }
      }
    }
    return result;
  }
}
