package dev.verilink.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * One-time links (OTLs): single-use links that let an end user start or
 * continue an inquiry.
 * Management plane (`GenerateOneTimeLink`, `GetOneTimeLink`,
 * `ListOneTimeLinks`, `RevokeOneTimeLink`): `authorization: Bearer &lt;api key&gt;`.
 * End-user plane (`RedeemOneTimeLink`): no credential, only the link code.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class OneTimeLinkServiceGrpc {

  private OneTimeLinkServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "verilink.v1.OneTimeLinkService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.GenerateOneTimeLinkRequest,
      dev.verilink.v1.GenerateOneTimeLinkResponse> getGenerateOneTimeLinkMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GenerateOneTimeLink",
      requestType = dev.verilink.v1.GenerateOneTimeLinkRequest.class,
      responseType = dev.verilink.v1.GenerateOneTimeLinkResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.GenerateOneTimeLinkRequest,
      dev.verilink.v1.GenerateOneTimeLinkResponse> getGenerateOneTimeLinkMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.GenerateOneTimeLinkRequest, dev.verilink.v1.GenerateOneTimeLinkResponse> getGenerateOneTimeLinkMethod;
    if ((getGenerateOneTimeLinkMethod = OneTimeLinkServiceGrpc.getGenerateOneTimeLinkMethod) == null) {
      synchronized (OneTimeLinkServiceGrpc.class) {
        if ((getGenerateOneTimeLinkMethod = OneTimeLinkServiceGrpc.getGenerateOneTimeLinkMethod) == null) {
          OneTimeLinkServiceGrpc.getGenerateOneTimeLinkMethod = getGenerateOneTimeLinkMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.GenerateOneTimeLinkRequest, dev.verilink.v1.GenerateOneTimeLinkResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GenerateOneTimeLink"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GenerateOneTimeLinkRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GenerateOneTimeLinkResponse.getDefaultInstance()))
              .setSchemaDescriptor(new OneTimeLinkServiceMethodDescriptorSupplier("GenerateOneTimeLink"))
              .build();
        }
      }
    }
    return getGenerateOneTimeLinkMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.GetOneTimeLinkRequest,
      dev.verilink.v1.GetOneTimeLinkResponse> getGetOneTimeLinkMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetOneTimeLink",
      requestType = dev.verilink.v1.GetOneTimeLinkRequest.class,
      responseType = dev.verilink.v1.GetOneTimeLinkResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.GetOneTimeLinkRequest,
      dev.verilink.v1.GetOneTimeLinkResponse> getGetOneTimeLinkMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.GetOneTimeLinkRequest, dev.verilink.v1.GetOneTimeLinkResponse> getGetOneTimeLinkMethod;
    if ((getGetOneTimeLinkMethod = OneTimeLinkServiceGrpc.getGetOneTimeLinkMethod) == null) {
      synchronized (OneTimeLinkServiceGrpc.class) {
        if ((getGetOneTimeLinkMethod = OneTimeLinkServiceGrpc.getGetOneTimeLinkMethod) == null) {
          OneTimeLinkServiceGrpc.getGetOneTimeLinkMethod = getGetOneTimeLinkMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.GetOneTimeLinkRequest, dev.verilink.v1.GetOneTimeLinkResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetOneTimeLink"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetOneTimeLinkRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetOneTimeLinkResponse.getDefaultInstance()))
              .setSchemaDescriptor(new OneTimeLinkServiceMethodDescriptorSupplier("GetOneTimeLink"))
              .build();
        }
      }
    }
    return getGetOneTimeLinkMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ListOneTimeLinksRequest,
      dev.verilink.v1.ListOneTimeLinksResponse> getListOneTimeLinksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListOneTimeLinks",
      requestType = dev.verilink.v1.ListOneTimeLinksRequest.class,
      responseType = dev.verilink.v1.ListOneTimeLinksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ListOneTimeLinksRequest,
      dev.verilink.v1.ListOneTimeLinksResponse> getListOneTimeLinksMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ListOneTimeLinksRequest, dev.verilink.v1.ListOneTimeLinksResponse> getListOneTimeLinksMethod;
    if ((getListOneTimeLinksMethod = OneTimeLinkServiceGrpc.getListOneTimeLinksMethod) == null) {
      synchronized (OneTimeLinkServiceGrpc.class) {
        if ((getListOneTimeLinksMethod = OneTimeLinkServiceGrpc.getListOneTimeLinksMethod) == null) {
          OneTimeLinkServiceGrpc.getListOneTimeLinksMethod = getListOneTimeLinksMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ListOneTimeLinksRequest, dev.verilink.v1.ListOneTimeLinksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListOneTimeLinks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListOneTimeLinksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListOneTimeLinksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new OneTimeLinkServiceMethodDescriptorSupplier("ListOneTimeLinks"))
              .build();
        }
      }
    }
    return getListOneTimeLinksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.RevokeOneTimeLinkRequest,
      dev.verilink.v1.RevokeOneTimeLinkResponse> getRevokeOneTimeLinkMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RevokeOneTimeLink",
      requestType = dev.verilink.v1.RevokeOneTimeLinkRequest.class,
      responseType = dev.verilink.v1.RevokeOneTimeLinkResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.RevokeOneTimeLinkRequest,
      dev.verilink.v1.RevokeOneTimeLinkResponse> getRevokeOneTimeLinkMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.RevokeOneTimeLinkRequest, dev.verilink.v1.RevokeOneTimeLinkResponse> getRevokeOneTimeLinkMethod;
    if ((getRevokeOneTimeLinkMethod = OneTimeLinkServiceGrpc.getRevokeOneTimeLinkMethod) == null) {
      synchronized (OneTimeLinkServiceGrpc.class) {
        if ((getRevokeOneTimeLinkMethod = OneTimeLinkServiceGrpc.getRevokeOneTimeLinkMethod) == null) {
          OneTimeLinkServiceGrpc.getRevokeOneTimeLinkMethod = getRevokeOneTimeLinkMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.RevokeOneTimeLinkRequest, dev.verilink.v1.RevokeOneTimeLinkResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RevokeOneTimeLink"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RevokeOneTimeLinkRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RevokeOneTimeLinkResponse.getDefaultInstance()))
              .setSchemaDescriptor(new OneTimeLinkServiceMethodDescriptorSupplier("RevokeOneTimeLink"))
              .build();
        }
      }
    }
    return getRevokeOneTimeLinkMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.RedeemOneTimeLinkRequest,
      dev.verilink.v1.RedeemOneTimeLinkResponse> getRedeemOneTimeLinkMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RedeemOneTimeLink",
      requestType = dev.verilink.v1.RedeemOneTimeLinkRequest.class,
      responseType = dev.verilink.v1.RedeemOneTimeLinkResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.RedeemOneTimeLinkRequest,
      dev.verilink.v1.RedeemOneTimeLinkResponse> getRedeemOneTimeLinkMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.RedeemOneTimeLinkRequest, dev.verilink.v1.RedeemOneTimeLinkResponse> getRedeemOneTimeLinkMethod;
    if ((getRedeemOneTimeLinkMethod = OneTimeLinkServiceGrpc.getRedeemOneTimeLinkMethod) == null) {
      synchronized (OneTimeLinkServiceGrpc.class) {
        if ((getRedeemOneTimeLinkMethod = OneTimeLinkServiceGrpc.getRedeemOneTimeLinkMethod) == null) {
          OneTimeLinkServiceGrpc.getRedeemOneTimeLinkMethod = getRedeemOneTimeLinkMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.RedeemOneTimeLinkRequest, dev.verilink.v1.RedeemOneTimeLinkResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RedeemOneTimeLink"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RedeemOneTimeLinkRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RedeemOneTimeLinkResponse.getDefaultInstance()))
              .setSchemaDescriptor(new OneTimeLinkServiceMethodDescriptorSupplier("RedeemOneTimeLink"))
              .build();
        }
      }
    }
    return getRedeemOneTimeLinkMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static OneTimeLinkServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<OneTimeLinkServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<OneTimeLinkServiceStub>() {
        @java.lang.Override
        public OneTimeLinkServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new OneTimeLinkServiceStub(channel, callOptions);
        }
      };
    return OneTimeLinkServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static OneTimeLinkServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<OneTimeLinkServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<OneTimeLinkServiceBlockingV2Stub>() {
        @java.lang.Override
        public OneTimeLinkServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new OneTimeLinkServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return OneTimeLinkServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static OneTimeLinkServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<OneTimeLinkServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<OneTimeLinkServiceBlockingStub>() {
        @java.lang.Override
        public OneTimeLinkServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new OneTimeLinkServiceBlockingStub(channel, callOptions);
        }
      };
    return OneTimeLinkServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static OneTimeLinkServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<OneTimeLinkServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<OneTimeLinkServiceFutureStub>() {
        @java.lang.Override
        public OneTimeLinkServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new OneTimeLinkServiceFutureStub(channel, callOptions);
        }
      };
    return OneTimeLinkServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * One-time links (OTLs): single-use links that let an end user start or
   * continue an inquiry.
   * Management plane (`GenerateOneTimeLink`, `GetOneTimeLink`,
   * `ListOneTimeLinks`, `RevokeOneTimeLink`): `authorization: Bearer &lt;api key&gt;`.
   * End-user plane (`RedeemOneTimeLink`): no credential, only the link code.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Generates a new link for an inquiry in CREATED or PENDING and revokes
     * every earlier PENDING link of that inquiry in the same transaction (at
     * most one link per inquiry is ever PENDING). The codes are returned only
     * here.
     * Errors: `FAILED_PRECONDITION` if the inquiry is not CREATED or PENDING
     * (an EXPIRED inquiry must be resumed first; redacted and decided inquiries
     * never get links); `INVALID_ARGUMENT` if `expires_in` is outside
     * 1 minute to 30 days.
     * </pre>
     */
    default void generateOneTimeLink(dev.verilink.v1.GenerateOneTimeLinkRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GenerateOneTimeLinkResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGenerateOneTimeLinkMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns one link by id (never its codes).
     * </pre>
     */
    default void getOneTimeLink(dev.verilink.v1.GetOneTimeLinkRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetOneTimeLinkResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetOneTimeLinkMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the links of one inquiry, all statuses, newest first (for audit).
     * </pre>
     */
    default void listOneTimeLinks(dev.verilink.v1.ListOneTimeLinksRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListOneTimeLinksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListOneTimeLinksMethod(), responseObserver);
    }

    /**
     * <pre>
     * Revokes a PENDING link so it can no longer be redeemed. A link that is
     * not PENDING is `FAILED_PRECONDITION`.
     * </pre>
     */
    default void revokeOneTimeLink(dev.verilink.v1.RevokeOneTimeLinkRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RevokeOneTimeLinkResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRevokeOneTimeLinkMethod(), responseObserver);
    }

    /**
     * <pre>
     * End-user plane, no credential. Redeems a link code (long or short): in one
     * transaction the link goes PENDING → CONSUMED, a session opens (origin
     * ONE_TIME_LINK) and its token is returned, and the inquiry goes CREATED →
     * PENDING if it was CREATED. Of any number of concurrent redemptions of one
     * code exactly one succeeds.
     * Errors reveal nothing about the inquiry: unknown code `NOT_FOUND`
     * (reason `LINK_NOT_FOUND`); used, revoked or expired link
     * `FAILED_PRECONDITION` (`LINK_ALREADY_USED`, `LINK_REVOKED`,
     * `LINK_EXPIRED`); inquiry no longer active `FAILED_PRECONDITION`
     * (`INQUIRY_NOT_ACTIVE`); too many sessions on the inquiry
     * `RESOURCE_EXHAUSTED`. Failed redemptions are throttled per client address
     * (default 10 a minute): `RESOURCE_EXHAUSTED` with a `RetryInfo`.
     * </pre>
     */
    default void redeemOneTimeLink(dev.verilink.v1.RedeemOneTimeLinkRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RedeemOneTimeLinkResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRedeemOneTimeLinkMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service OneTimeLinkService.
   * <pre>
   * One-time links (OTLs): single-use links that let an end user start or
   * continue an inquiry.
   * Management plane (`GenerateOneTimeLink`, `GetOneTimeLink`,
   * `ListOneTimeLinks`, `RevokeOneTimeLink`): `authorization: Bearer &lt;api key&gt;`.
   * End-user plane (`RedeemOneTimeLink`): no credential, only the link code.
   * </pre>
   */
  public static abstract class OneTimeLinkServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return OneTimeLinkServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service OneTimeLinkService.
   * <pre>
   * One-time links (OTLs): single-use links that let an end user start or
   * continue an inquiry.
   * Management plane (`GenerateOneTimeLink`, `GetOneTimeLink`,
   * `ListOneTimeLinks`, `RevokeOneTimeLink`): `authorization: Bearer &lt;api key&gt;`.
   * End-user plane (`RedeemOneTimeLink`): no credential, only the link code.
   * </pre>
   */
  public static final class OneTimeLinkServiceStub
      extends io.grpc.stub.AbstractAsyncStub<OneTimeLinkServiceStub> {
    private OneTimeLinkServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected OneTimeLinkServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new OneTimeLinkServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Generates a new link for an inquiry in CREATED or PENDING and revokes
     * every earlier PENDING link of that inquiry in the same transaction (at
     * most one link per inquiry is ever PENDING). The codes are returned only
     * here.
     * Errors: `FAILED_PRECONDITION` if the inquiry is not CREATED or PENDING
     * (an EXPIRED inquiry must be resumed first; redacted and decided inquiries
     * never get links); `INVALID_ARGUMENT` if `expires_in` is outside
     * 1 minute to 30 days.
     * </pre>
     */
    public void generateOneTimeLink(dev.verilink.v1.GenerateOneTimeLinkRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GenerateOneTimeLinkResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGenerateOneTimeLinkMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns one link by id (never its codes).
     * </pre>
     */
    public void getOneTimeLink(dev.verilink.v1.GetOneTimeLinkRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetOneTimeLinkResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetOneTimeLinkMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the links of one inquiry, all statuses, newest first (for audit).
     * </pre>
     */
    public void listOneTimeLinks(dev.verilink.v1.ListOneTimeLinksRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListOneTimeLinksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListOneTimeLinksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Revokes a PENDING link so it can no longer be redeemed. A link that is
     * not PENDING is `FAILED_PRECONDITION`.
     * </pre>
     */
    public void revokeOneTimeLink(dev.verilink.v1.RevokeOneTimeLinkRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RevokeOneTimeLinkResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRevokeOneTimeLinkMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * End-user plane, no credential. Redeems a link code (long or short): in one
     * transaction the link goes PENDING → CONSUMED, a session opens (origin
     * ONE_TIME_LINK) and its token is returned, and the inquiry goes CREATED →
     * PENDING if it was CREATED. Of any number of concurrent redemptions of one
     * code exactly one succeeds.
     * Errors reveal nothing about the inquiry: unknown code `NOT_FOUND`
     * (reason `LINK_NOT_FOUND`); used, revoked or expired link
     * `FAILED_PRECONDITION` (`LINK_ALREADY_USED`, `LINK_REVOKED`,
     * `LINK_EXPIRED`); inquiry no longer active `FAILED_PRECONDITION`
     * (`INQUIRY_NOT_ACTIVE`); too many sessions on the inquiry
     * `RESOURCE_EXHAUSTED`. Failed redemptions are throttled per client address
     * (default 10 a minute): `RESOURCE_EXHAUSTED` with a `RetryInfo`.
     * </pre>
     */
    public void redeemOneTimeLink(dev.verilink.v1.RedeemOneTimeLinkRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RedeemOneTimeLinkResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRedeemOneTimeLinkMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service OneTimeLinkService.
   * <pre>
   * One-time links (OTLs): single-use links that let an end user start or
   * continue an inquiry.
   * Management plane (`GenerateOneTimeLink`, `GetOneTimeLink`,
   * `ListOneTimeLinks`, `RevokeOneTimeLink`): `authorization: Bearer &lt;api key&gt;`.
   * End-user plane (`RedeemOneTimeLink`): no credential, only the link code.
   * </pre>
   */
  public static final class OneTimeLinkServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<OneTimeLinkServiceBlockingV2Stub> {
    private OneTimeLinkServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected OneTimeLinkServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new OneTimeLinkServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Generates a new link for an inquiry in CREATED or PENDING and revokes
     * every earlier PENDING link of that inquiry in the same transaction (at
     * most one link per inquiry is ever PENDING). The codes are returned only
     * here.
     * Errors: `FAILED_PRECONDITION` if the inquiry is not CREATED or PENDING
     * (an EXPIRED inquiry must be resumed first; redacted and decided inquiries
     * never get links); `INVALID_ARGUMENT` if `expires_in` is outside
     * 1 minute to 30 days.
     * </pre>
     */
    public dev.verilink.v1.GenerateOneTimeLinkResponse generateOneTimeLink(dev.verilink.v1.GenerateOneTimeLinkRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGenerateOneTimeLinkMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one link by id (never its codes).
     * </pre>
     */
    public dev.verilink.v1.GetOneTimeLinkResponse getOneTimeLink(dev.verilink.v1.GetOneTimeLinkRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetOneTimeLinkMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the links of one inquiry, all statuses, newest first (for audit).
     * </pre>
     */
    public dev.verilink.v1.ListOneTimeLinksResponse listOneTimeLinks(dev.verilink.v1.ListOneTimeLinksRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListOneTimeLinksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Revokes a PENDING link so it can no longer be redeemed. A link that is
     * not PENDING is `FAILED_PRECONDITION`.
     * </pre>
     */
    public dev.verilink.v1.RevokeOneTimeLinkResponse revokeOneTimeLink(dev.verilink.v1.RevokeOneTimeLinkRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRevokeOneTimeLinkMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * End-user plane, no credential. Redeems a link code (long or short): in one
     * transaction the link goes PENDING → CONSUMED, a session opens (origin
     * ONE_TIME_LINK) and its token is returned, and the inquiry goes CREATED →
     * PENDING if it was CREATED. Of any number of concurrent redemptions of one
     * code exactly one succeeds.
     * Errors reveal nothing about the inquiry: unknown code `NOT_FOUND`
     * (reason `LINK_NOT_FOUND`); used, revoked or expired link
     * `FAILED_PRECONDITION` (`LINK_ALREADY_USED`, `LINK_REVOKED`,
     * `LINK_EXPIRED`); inquiry no longer active `FAILED_PRECONDITION`
     * (`INQUIRY_NOT_ACTIVE`); too many sessions on the inquiry
     * `RESOURCE_EXHAUSTED`. Failed redemptions are throttled per client address
     * (default 10 a minute): `RESOURCE_EXHAUSTED` with a `RetryInfo`.
     * </pre>
     */
    public dev.verilink.v1.RedeemOneTimeLinkResponse redeemOneTimeLink(dev.verilink.v1.RedeemOneTimeLinkRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRedeemOneTimeLinkMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service OneTimeLinkService.
   * <pre>
   * One-time links (OTLs): single-use links that let an end user start or
   * continue an inquiry.
   * Management plane (`GenerateOneTimeLink`, `GetOneTimeLink`,
   * `ListOneTimeLinks`, `RevokeOneTimeLink`): `authorization: Bearer &lt;api key&gt;`.
   * End-user plane (`RedeemOneTimeLink`): no credential, only the link code.
   * </pre>
   */
  public static final class OneTimeLinkServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<OneTimeLinkServiceBlockingStub> {
    private OneTimeLinkServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected OneTimeLinkServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new OneTimeLinkServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Generates a new link for an inquiry in CREATED or PENDING and revokes
     * every earlier PENDING link of that inquiry in the same transaction (at
     * most one link per inquiry is ever PENDING). The codes are returned only
     * here.
     * Errors: `FAILED_PRECONDITION` if the inquiry is not CREATED or PENDING
     * (an EXPIRED inquiry must be resumed first; redacted and decided inquiries
     * never get links); `INVALID_ARGUMENT` if `expires_in` is outside
     * 1 minute to 30 days.
     * </pre>
     */
    public dev.verilink.v1.GenerateOneTimeLinkResponse generateOneTimeLink(dev.verilink.v1.GenerateOneTimeLinkRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGenerateOneTimeLinkMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one link by id (never its codes).
     * </pre>
     */
    public dev.verilink.v1.GetOneTimeLinkResponse getOneTimeLink(dev.verilink.v1.GetOneTimeLinkRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetOneTimeLinkMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the links of one inquiry, all statuses, newest first (for audit).
     * </pre>
     */
    public dev.verilink.v1.ListOneTimeLinksResponse listOneTimeLinks(dev.verilink.v1.ListOneTimeLinksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListOneTimeLinksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Revokes a PENDING link so it can no longer be redeemed. A link that is
     * not PENDING is `FAILED_PRECONDITION`.
     * </pre>
     */
    public dev.verilink.v1.RevokeOneTimeLinkResponse revokeOneTimeLink(dev.verilink.v1.RevokeOneTimeLinkRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRevokeOneTimeLinkMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * End-user plane, no credential. Redeems a link code (long or short): in one
     * transaction the link goes PENDING → CONSUMED, a session opens (origin
     * ONE_TIME_LINK) and its token is returned, and the inquiry goes CREATED →
     * PENDING if it was CREATED. Of any number of concurrent redemptions of one
     * code exactly one succeeds.
     * Errors reveal nothing about the inquiry: unknown code `NOT_FOUND`
     * (reason `LINK_NOT_FOUND`); used, revoked or expired link
     * `FAILED_PRECONDITION` (`LINK_ALREADY_USED`, `LINK_REVOKED`,
     * `LINK_EXPIRED`); inquiry no longer active `FAILED_PRECONDITION`
     * (`INQUIRY_NOT_ACTIVE`); too many sessions on the inquiry
     * `RESOURCE_EXHAUSTED`. Failed redemptions are throttled per client address
     * (default 10 a minute): `RESOURCE_EXHAUSTED` with a `RetryInfo`.
     * </pre>
     */
    public dev.verilink.v1.RedeemOneTimeLinkResponse redeemOneTimeLink(dev.verilink.v1.RedeemOneTimeLinkRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRedeemOneTimeLinkMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service OneTimeLinkService.
   * <pre>
   * One-time links (OTLs): single-use links that let an end user start or
   * continue an inquiry.
   * Management plane (`GenerateOneTimeLink`, `GetOneTimeLink`,
   * `ListOneTimeLinks`, `RevokeOneTimeLink`): `authorization: Bearer &lt;api key&gt;`.
   * End-user plane (`RedeemOneTimeLink`): no credential, only the link code.
   * </pre>
   */
  public static final class OneTimeLinkServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<OneTimeLinkServiceFutureStub> {
    private OneTimeLinkServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected OneTimeLinkServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new OneTimeLinkServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Generates a new link for an inquiry in CREATED or PENDING and revokes
     * every earlier PENDING link of that inquiry in the same transaction (at
     * most one link per inquiry is ever PENDING). The codes are returned only
     * here.
     * Errors: `FAILED_PRECONDITION` if the inquiry is not CREATED or PENDING
     * (an EXPIRED inquiry must be resumed first; redacted and decided inquiries
     * never get links); `INVALID_ARGUMENT` if `expires_in` is outside
     * 1 minute to 30 days.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.GenerateOneTimeLinkResponse> generateOneTimeLink(
        dev.verilink.v1.GenerateOneTimeLinkRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGenerateOneTimeLinkMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns one link by id (never its codes).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.GetOneTimeLinkResponse> getOneTimeLink(
        dev.verilink.v1.GetOneTimeLinkRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetOneTimeLinkMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the links of one inquiry, all statuses, newest first (for audit).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ListOneTimeLinksResponse> listOneTimeLinks(
        dev.verilink.v1.ListOneTimeLinksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListOneTimeLinksMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Revokes a PENDING link so it can no longer be redeemed. A link that is
     * not PENDING is `FAILED_PRECONDITION`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.RevokeOneTimeLinkResponse> revokeOneTimeLink(
        dev.verilink.v1.RevokeOneTimeLinkRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRevokeOneTimeLinkMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * End-user plane, no credential. Redeems a link code (long or short): in one
     * transaction the link goes PENDING → CONSUMED, a session opens (origin
     * ONE_TIME_LINK) and its token is returned, and the inquiry goes CREATED →
     * PENDING if it was CREATED. Of any number of concurrent redemptions of one
     * code exactly one succeeds.
     * Errors reveal nothing about the inquiry: unknown code `NOT_FOUND`
     * (reason `LINK_NOT_FOUND`); used, revoked or expired link
     * `FAILED_PRECONDITION` (`LINK_ALREADY_USED`, `LINK_REVOKED`,
     * `LINK_EXPIRED`); inquiry no longer active `FAILED_PRECONDITION`
     * (`INQUIRY_NOT_ACTIVE`); too many sessions on the inquiry
     * `RESOURCE_EXHAUSTED`. Failed redemptions are throttled per client address
     * (default 10 a minute): `RESOURCE_EXHAUSTED` with a `RetryInfo`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.RedeemOneTimeLinkResponse> redeemOneTimeLink(
        dev.verilink.v1.RedeemOneTimeLinkRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRedeemOneTimeLinkMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GENERATE_ONE_TIME_LINK = 0;
  private static final int METHODID_GET_ONE_TIME_LINK = 1;
  private static final int METHODID_LIST_ONE_TIME_LINKS = 2;
  private static final int METHODID_REVOKE_ONE_TIME_LINK = 3;
  private static final int METHODID_REDEEM_ONE_TIME_LINK = 4;

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
        case METHODID_GENERATE_ONE_TIME_LINK:
          serviceImpl.generateOneTimeLink((dev.verilink.v1.GenerateOneTimeLinkRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.GenerateOneTimeLinkResponse>) responseObserver);
          break;
        case METHODID_GET_ONE_TIME_LINK:
          serviceImpl.getOneTimeLink((dev.verilink.v1.GetOneTimeLinkRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.GetOneTimeLinkResponse>) responseObserver);
          break;
        case METHODID_LIST_ONE_TIME_LINKS:
          serviceImpl.listOneTimeLinks((dev.verilink.v1.ListOneTimeLinksRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ListOneTimeLinksResponse>) responseObserver);
          break;
        case METHODID_REVOKE_ONE_TIME_LINK:
          serviceImpl.revokeOneTimeLink((dev.verilink.v1.RevokeOneTimeLinkRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.RevokeOneTimeLinkResponse>) responseObserver);
          break;
        case METHODID_REDEEM_ONE_TIME_LINK:
          serviceImpl.redeemOneTimeLink((dev.verilink.v1.RedeemOneTimeLinkRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.RedeemOneTimeLinkResponse>) responseObserver);
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
          getGenerateOneTimeLinkMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.GenerateOneTimeLinkRequest,
              dev.verilink.v1.GenerateOneTimeLinkResponse>(
                service, METHODID_GENERATE_ONE_TIME_LINK)))
        .addMethod(
          getGetOneTimeLinkMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.GetOneTimeLinkRequest,
              dev.verilink.v1.GetOneTimeLinkResponse>(
                service, METHODID_GET_ONE_TIME_LINK)))
        .addMethod(
          getListOneTimeLinksMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ListOneTimeLinksRequest,
              dev.verilink.v1.ListOneTimeLinksResponse>(
                service, METHODID_LIST_ONE_TIME_LINKS)))
        .addMethod(
          getRevokeOneTimeLinkMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.RevokeOneTimeLinkRequest,
              dev.verilink.v1.RevokeOneTimeLinkResponse>(
                service, METHODID_REVOKE_ONE_TIME_LINK)))
        .addMethod(
          getRedeemOneTimeLinkMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.RedeemOneTimeLinkRequest,
              dev.verilink.v1.RedeemOneTimeLinkResponse>(
                service, METHODID_REDEEM_ONE_TIME_LINK)))
        .build();
  }

  private static abstract class OneTimeLinkServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    OneTimeLinkServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.verilink.v1.OneTimeLinkOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("OneTimeLinkService");
    }
  }

  private static final class OneTimeLinkServiceFileDescriptorSupplier
      extends OneTimeLinkServiceBaseDescriptorSupplier {
    OneTimeLinkServiceFileDescriptorSupplier() {}
  }

  private static final class OneTimeLinkServiceMethodDescriptorSupplier
      extends OneTimeLinkServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    OneTimeLinkServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (OneTimeLinkServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new OneTimeLinkServiceFileDescriptorSupplier())
              .addMethod(getGenerateOneTimeLinkMethod())
              .addMethod(getGetOneTimeLinkMethod())
              .addMethod(getListOneTimeLinksMethod())
              .addMethod(getRevokeOneTimeLinkMethod())
              .addMethod(getRedeemOneTimeLinkMethod())
              .build();
        }
      }
    }
    return result;
  }
}
