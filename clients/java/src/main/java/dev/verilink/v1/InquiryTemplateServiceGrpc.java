package dev.verilink.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Manages inquiry templates: the reusable settings (expiry intervals, link and
 * session lifetimes, limits, redirect, auto-approval, retention) that an
 * inquiry copies when it is created. Later template edits never change
 * existing inquiries.
 * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Templates are
 * scoped to the key's organization and environment; templates outside that
 * scope are `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata
 * entry (at most 255 characters, replayed for 24 hours).
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class InquiryTemplateServiceGrpc {

  private InquiryTemplateServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "verilink.v1.InquiryTemplateService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.CreateInquiryTemplateRequest,
      dev.verilink.v1.CreateInquiryTemplateResponse> getCreateInquiryTemplateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateInquiryTemplate",
      requestType = dev.verilink.v1.CreateInquiryTemplateRequest.class,
      responseType = dev.verilink.v1.CreateInquiryTemplateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.CreateInquiryTemplateRequest,
      dev.verilink.v1.CreateInquiryTemplateResponse> getCreateInquiryTemplateMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.CreateInquiryTemplateRequest, dev.verilink.v1.CreateInquiryTemplateResponse> getCreateInquiryTemplateMethod;
    if ((getCreateInquiryTemplateMethod = InquiryTemplateServiceGrpc.getCreateInquiryTemplateMethod) == null) {
      synchronized (InquiryTemplateServiceGrpc.class) {
        if ((getCreateInquiryTemplateMethod = InquiryTemplateServiceGrpc.getCreateInquiryTemplateMethod) == null) {
          InquiryTemplateServiceGrpc.getCreateInquiryTemplateMethod = getCreateInquiryTemplateMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.CreateInquiryTemplateRequest, dev.verilink.v1.CreateInquiryTemplateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateInquiryTemplate"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.CreateInquiryTemplateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.CreateInquiryTemplateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryTemplateServiceMethodDescriptorSupplier("CreateInquiryTemplate"))
              .build();
        }
      }
    }
    return getCreateInquiryTemplateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.GetInquiryTemplateRequest,
      dev.verilink.v1.GetInquiryTemplateResponse> getGetInquiryTemplateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetInquiryTemplate",
      requestType = dev.verilink.v1.GetInquiryTemplateRequest.class,
      responseType = dev.verilink.v1.GetInquiryTemplateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.GetInquiryTemplateRequest,
      dev.verilink.v1.GetInquiryTemplateResponse> getGetInquiryTemplateMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.GetInquiryTemplateRequest, dev.verilink.v1.GetInquiryTemplateResponse> getGetInquiryTemplateMethod;
    if ((getGetInquiryTemplateMethod = InquiryTemplateServiceGrpc.getGetInquiryTemplateMethod) == null) {
      synchronized (InquiryTemplateServiceGrpc.class) {
        if ((getGetInquiryTemplateMethod = InquiryTemplateServiceGrpc.getGetInquiryTemplateMethod) == null) {
          InquiryTemplateServiceGrpc.getGetInquiryTemplateMethod = getGetInquiryTemplateMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.GetInquiryTemplateRequest, dev.verilink.v1.GetInquiryTemplateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetInquiryTemplate"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetInquiryTemplateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetInquiryTemplateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryTemplateServiceMethodDescriptorSupplier("GetInquiryTemplate"))
              .build();
        }
      }
    }
    return getGetInquiryTemplateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ListInquiryTemplatesRequest,
      dev.verilink.v1.ListInquiryTemplatesResponse> getListInquiryTemplatesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListInquiryTemplates",
      requestType = dev.verilink.v1.ListInquiryTemplatesRequest.class,
      responseType = dev.verilink.v1.ListInquiryTemplatesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ListInquiryTemplatesRequest,
      dev.verilink.v1.ListInquiryTemplatesResponse> getListInquiryTemplatesMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ListInquiryTemplatesRequest, dev.verilink.v1.ListInquiryTemplatesResponse> getListInquiryTemplatesMethod;
    if ((getListInquiryTemplatesMethod = InquiryTemplateServiceGrpc.getListInquiryTemplatesMethod) == null) {
      synchronized (InquiryTemplateServiceGrpc.class) {
        if ((getListInquiryTemplatesMethod = InquiryTemplateServiceGrpc.getListInquiryTemplatesMethod) == null) {
          InquiryTemplateServiceGrpc.getListInquiryTemplatesMethod = getListInquiryTemplatesMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ListInquiryTemplatesRequest, dev.verilink.v1.ListInquiryTemplatesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListInquiryTemplates"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListInquiryTemplatesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListInquiryTemplatesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryTemplateServiceMethodDescriptorSupplier("ListInquiryTemplates"))
              .build();
        }
      }
    }
    return getListInquiryTemplatesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.UpdateInquiryTemplateRequest,
      dev.verilink.v1.UpdateInquiryTemplateResponse> getUpdateInquiryTemplateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateInquiryTemplate",
      requestType = dev.verilink.v1.UpdateInquiryTemplateRequest.class,
      responseType = dev.verilink.v1.UpdateInquiryTemplateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.UpdateInquiryTemplateRequest,
      dev.verilink.v1.UpdateInquiryTemplateResponse> getUpdateInquiryTemplateMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.UpdateInquiryTemplateRequest, dev.verilink.v1.UpdateInquiryTemplateResponse> getUpdateInquiryTemplateMethod;
    if ((getUpdateInquiryTemplateMethod = InquiryTemplateServiceGrpc.getUpdateInquiryTemplateMethod) == null) {
      synchronized (InquiryTemplateServiceGrpc.class) {
        if ((getUpdateInquiryTemplateMethod = InquiryTemplateServiceGrpc.getUpdateInquiryTemplateMethod) == null) {
          InquiryTemplateServiceGrpc.getUpdateInquiryTemplateMethod = getUpdateInquiryTemplateMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.UpdateInquiryTemplateRequest, dev.verilink.v1.UpdateInquiryTemplateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateInquiryTemplate"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.UpdateInquiryTemplateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.UpdateInquiryTemplateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryTemplateServiceMethodDescriptorSupplier("UpdateInquiryTemplate"))
              .build();
        }
      }
    }
    return getUpdateInquiryTemplateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ArchiveInquiryTemplateRequest,
      dev.verilink.v1.ArchiveInquiryTemplateResponse> getArchiveInquiryTemplateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ArchiveInquiryTemplate",
      requestType = dev.verilink.v1.ArchiveInquiryTemplateRequest.class,
      responseType = dev.verilink.v1.ArchiveInquiryTemplateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ArchiveInquiryTemplateRequest,
      dev.verilink.v1.ArchiveInquiryTemplateResponse> getArchiveInquiryTemplateMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ArchiveInquiryTemplateRequest, dev.verilink.v1.ArchiveInquiryTemplateResponse> getArchiveInquiryTemplateMethod;
    if ((getArchiveInquiryTemplateMethod = InquiryTemplateServiceGrpc.getArchiveInquiryTemplateMethod) == null) {
      synchronized (InquiryTemplateServiceGrpc.class) {
        if ((getArchiveInquiryTemplateMethod = InquiryTemplateServiceGrpc.getArchiveInquiryTemplateMethod) == null) {
          InquiryTemplateServiceGrpc.getArchiveInquiryTemplateMethod = getArchiveInquiryTemplateMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ArchiveInquiryTemplateRequest, dev.verilink.v1.ArchiveInquiryTemplateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ArchiveInquiryTemplate"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ArchiveInquiryTemplateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ArchiveInquiryTemplateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryTemplateServiceMethodDescriptorSupplier("ArchiveInquiryTemplate"))
              .build();
        }
      }
    }
    return getArchiveInquiryTemplateMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static InquiryTemplateServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<InquiryTemplateServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<InquiryTemplateServiceStub>() {
        @java.lang.Override
        public InquiryTemplateServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new InquiryTemplateServiceStub(channel, callOptions);
        }
      };
    return InquiryTemplateServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static InquiryTemplateServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<InquiryTemplateServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<InquiryTemplateServiceBlockingV2Stub>() {
        @java.lang.Override
        public InquiryTemplateServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new InquiryTemplateServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return InquiryTemplateServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static InquiryTemplateServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<InquiryTemplateServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<InquiryTemplateServiceBlockingStub>() {
        @java.lang.Override
        public InquiryTemplateServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new InquiryTemplateServiceBlockingStub(channel, callOptions);
        }
      };
    return InquiryTemplateServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static InquiryTemplateServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<InquiryTemplateServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<InquiryTemplateServiceFutureStub>() {
        @java.lang.Override
        public InquiryTemplateServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new InquiryTemplateServiceFutureStub(channel, callOptions);
        }
      };
    return InquiryTemplateServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Manages inquiry templates: the reusable settings (expiry intervals, link and
   * session lifetimes, limits, redirect, auto-approval, retention) that an
   * inquiry copies when it is created. Later template edits never change
   * existing inquiries.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Templates are
   * scoped to the key's organization and environment; templates outside that
   * scope are `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata
   * entry (at most 255 characters, replayed for 24 hours).
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a template. Unset settings take their documented defaults, which
     * are filled in on the returned template. `name` is required.
     * </pre>
     */
    default void createInquiryTemplate(dev.verilink.v1.CreateInquiryTemplateRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.CreateInquiryTemplateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateInquiryTemplateMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns one template by id. Archived templates are returned too.
     * </pre>
     */
    default void getInquiryTemplate(dev.verilink.v1.GetInquiryTemplateRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetInquiryTemplateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetInquiryTemplateMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists templates, newest first. Archived templates are left out unless
     * `show_archived` is set.
     * </pre>
     */
    default void listInquiryTemplates(dev.verilink.v1.ListInquiryTemplatesRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListInquiryTemplatesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListInquiryTemplatesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates the fields of a template named in `update_mask`. Existing
     * inquiries keep the settings they copied at creation.
     * </pre>
     */
    default void updateInquiryTemplate(dev.verilink.v1.UpdateInquiryTemplateRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.UpdateInquiryTemplateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateInquiryTemplateMethod(), responseObserver);
    }

    /**
     * <pre>
     * Archives a template: it stays readable, but creating an inquiry from it
     * is `FAILED_PRECONDITION`. Existing inquiries are unaffected.
     * </pre>
     */
    default void archiveInquiryTemplate(dev.verilink.v1.ArchiveInquiryTemplateRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ArchiveInquiryTemplateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getArchiveInquiryTemplateMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service InquiryTemplateService.
   * <pre>
   * Manages inquiry templates: the reusable settings (expiry intervals, link and
   * session lifetimes, limits, redirect, auto-approval, retention) that an
   * inquiry copies when it is created. Later template edits never change
   * existing inquiries.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Templates are
   * scoped to the key's organization and environment; templates outside that
   * scope are `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata
   * entry (at most 255 characters, replayed for 24 hours).
   * </pre>
   */
  public static abstract class InquiryTemplateServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return InquiryTemplateServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service InquiryTemplateService.
   * <pre>
   * Manages inquiry templates: the reusable settings (expiry intervals, link and
   * session lifetimes, limits, redirect, auto-approval, retention) that an
   * inquiry copies when it is created. Later template edits never change
   * existing inquiries.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Templates are
   * scoped to the key's organization and environment; templates outside that
   * scope are `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata
   * entry (at most 255 characters, replayed for 24 hours).
   * </pre>
   */
  public static final class InquiryTemplateServiceStub
      extends io.grpc.stub.AbstractAsyncStub<InquiryTemplateServiceStub> {
    private InquiryTemplateServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected InquiryTemplateServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new InquiryTemplateServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a template. Unset settings take their documented defaults, which
     * are filled in on the returned template. `name` is required.
     * </pre>
     */
    public void createInquiryTemplate(dev.verilink.v1.CreateInquiryTemplateRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.CreateInquiryTemplateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateInquiryTemplateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns one template by id. Archived templates are returned too.
     * </pre>
     */
    public void getInquiryTemplate(dev.verilink.v1.GetInquiryTemplateRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetInquiryTemplateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetInquiryTemplateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists templates, newest first. Archived templates are left out unless
     * `show_archived` is set.
     * </pre>
     */
    public void listInquiryTemplates(dev.verilink.v1.ListInquiryTemplatesRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListInquiryTemplatesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListInquiryTemplatesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates the fields of a template named in `update_mask`. Existing
     * inquiries keep the settings they copied at creation.
     * </pre>
     */
    public void updateInquiryTemplate(dev.verilink.v1.UpdateInquiryTemplateRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.UpdateInquiryTemplateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateInquiryTemplateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Archives a template: it stays readable, but creating an inquiry from it
     * is `FAILED_PRECONDITION`. Existing inquiries are unaffected.
     * </pre>
     */
    public void archiveInquiryTemplate(dev.verilink.v1.ArchiveInquiryTemplateRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ArchiveInquiryTemplateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getArchiveInquiryTemplateMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service InquiryTemplateService.
   * <pre>
   * Manages inquiry templates: the reusable settings (expiry intervals, link and
   * session lifetimes, limits, redirect, auto-approval, retention) that an
   * inquiry copies when it is created. Later template edits never change
   * existing inquiries.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Templates are
   * scoped to the key's organization and environment; templates outside that
   * scope are `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata
   * entry (at most 255 characters, replayed for 24 hours).
   * </pre>
   */
  public static final class InquiryTemplateServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<InquiryTemplateServiceBlockingV2Stub> {
    private InquiryTemplateServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected InquiryTemplateServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new InquiryTemplateServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a template. Unset settings take their documented defaults, which
     * are filled in on the returned template. `name` is required.
     * </pre>
     */
    public dev.verilink.v1.CreateInquiryTemplateResponse createInquiryTemplate(dev.verilink.v1.CreateInquiryTemplateRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateInquiryTemplateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one template by id. Archived templates are returned too.
     * </pre>
     */
    public dev.verilink.v1.GetInquiryTemplateResponse getInquiryTemplate(dev.verilink.v1.GetInquiryTemplateRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetInquiryTemplateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists templates, newest first. Archived templates are left out unless
     * `show_archived` is set.
     * </pre>
     */
    public dev.verilink.v1.ListInquiryTemplatesResponse listInquiryTemplates(dev.verilink.v1.ListInquiryTemplatesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListInquiryTemplatesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates the fields of a template named in `update_mask`. Existing
     * inquiries keep the settings they copied at creation.
     * </pre>
     */
    public dev.verilink.v1.UpdateInquiryTemplateResponse updateInquiryTemplate(dev.verilink.v1.UpdateInquiryTemplateRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateInquiryTemplateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Archives a template: it stays readable, but creating an inquiry from it
     * is `FAILED_PRECONDITION`. Existing inquiries are unaffected.
     * </pre>
     */
    public dev.verilink.v1.ArchiveInquiryTemplateResponse archiveInquiryTemplate(dev.verilink.v1.ArchiveInquiryTemplateRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getArchiveInquiryTemplateMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service InquiryTemplateService.
   * <pre>
   * Manages inquiry templates: the reusable settings (expiry intervals, link and
   * session lifetimes, limits, redirect, auto-approval, retention) that an
   * inquiry copies when it is created. Later template edits never change
   * existing inquiries.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Templates are
   * scoped to the key's organization and environment; templates outside that
   * scope are `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata
   * entry (at most 255 characters, replayed for 24 hours).
   * </pre>
   */
  public static final class InquiryTemplateServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<InquiryTemplateServiceBlockingStub> {
    private InquiryTemplateServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected InquiryTemplateServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new InquiryTemplateServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a template. Unset settings take their documented defaults, which
     * are filled in on the returned template. `name` is required.
     * </pre>
     */
    public dev.verilink.v1.CreateInquiryTemplateResponse createInquiryTemplate(dev.verilink.v1.CreateInquiryTemplateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateInquiryTemplateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one template by id. Archived templates are returned too.
     * </pre>
     */
    public dev.verilink.v1.GetInquiryTemplateResponse getInquiryTemplate(dev.verilink.v1.GetInquiryTemplateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetInquiryTemplateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists templates, newest first. Archived templates are left out unless
     * `show_archived` is set.
     * </pre>
     */
    public dev.verilink.v1.ListInquiryTemplatesResponse listInquiryTemplates(dev.verilink.v1.ListInquiryTemplatesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListInquiryTemplatesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates the fields of a template named in `update_mask`. Existing
     * inquiries keep the settings they copied at creation.
     * </pre>
     */
    public dev.verilink.v1.UpdateInquiryTemplateResponse updateInquiryTemplate(dev.verilink.v1.UpdateInquiryTemplateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateInquiryTemplateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Archives a template: it stays readable, but creating an inquiry from it
     * is `FAILED_PRECONDITION`. Existing inquiries are unaffected.
     * </pre>
     */
    public dev.verilink.v1.ArchiveInquiryTemplateResponse archiveInquiryTemplate(dev.verilink.v1.ArchiveInquiryTemplateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getArchiveInquiryTemplateMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service InquiryTemplateService.
   * <pre>
   * Manages inquiry templates: the reusable settings (expiry intervals, link and
   * session lifetimes, limits, redirect, auto-approval, retention) that an
   * inquiry copies when it is created. Later template edits never change
   * existing inquiries.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Templates are
   * scoped to the key's organization and environment; templates outside that
   * scope are `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata
   * entry (at most 255 characters, replayed for 24 hours).
   * </pre>
   */
  public static final class InquiryTemplateServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<InquiryTemplateServiceFutureStub> {
    private InquiryTemplateServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected InquiryTemplateServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new InquiryTemplateServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a template. Unset settings take their documented defaults, which
     * are filled in on the returned template. `name` is required.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.CreateInquiryTemplateResponse> createInquiryTemplate(
        dev.verilink.v1.CreateInquiryTemplateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateInquiryTemplateMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns one template by id. Archived templates are returned too.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.GetInquiryTemplateResponse> getInquiryTemplate(
        dev.verilink.v1.GetInquiryTemplateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetInquiryTemplateMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists templates, newest first. Archived templates are left out unless
     * `show_archived` is set.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ListInquiryTemplatesResponse> listInquiryTemplates(
        dev.verilink.v1.ListInquiryTemplatesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListInquiryTemplatesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates the fields of a template named in `update_mask`. Existing
     * inquiries keep the settings they copied at creation.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.UpdateInquiryTemplateResponse> updateInquiryTemplate(
        dev.verilink.v1.UpdateInquiryTemplateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateInquiryTemplateMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Archives a template: it stays readable, but creating an inquiry from it
     * is `FAILED_PRECONDITION`. Existing inquiries are unaffected.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ArchiveInquiryTemplateResponse> archiveInquiryTemplate(
        dev.verilink.v1.ArchiveInquiryTemplateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getArchiveInquiryTemplateMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_INQUIRY_TEMPLATE = 0;
  private static final int METHODID_GET_INQUIRY_TEMPLATE = 1;
  private static final int METHODID_LIST_INQUIRY_TEMPLATES = 2;
  private static final int METHODID_UPDATE_INQUIRY_TEMPLATE = 3;
  private static final int METHODID_ARCHIVE_INQUIRY_TEMPLATE = 4;

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
        case METHODID_CREATE_INQUIRY_TEMPLATE:
          serviceImpl.createInquiryTemplate((dev.verilink.v1.CreateInquiryTemplateRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.CreateInquiryTemplateResponse>) responseObserver);
          break;
        case METHODID_GET_INQUIRY_TEMPLATE:
          serviceImpl.getInquiryTemplate((dev.verilink.v1.GetInquiryTemplateRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.GetInquiryTemplateResponse>) responseObserver);
          break;
        case METHODID_LIST_INQUIRY_TEMPLATES:
          serviceImpl.listInquiryTemplates((dev.verilink.v1.ListInquiryTemplatesRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ListInquiryTemplatesResponse>) responseObserver);
          break;
        case METHODID_UPDATE_INQUIRY_TEMPLATE:
          serviceImpl.updateInquiryTemplate((dev.verilink.v1.UpdateInquiryTemplateRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.UpdateInquiryTemplateResponse>) responseObserver);
          break;
        case METHODID_ARCHIVE_INQUIRY_TEMPLATE:
          serviceImpl.archiveInquiryTemplate((dev.verilink.v1.ArchiveInquiryTemplateRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ArchiveInquiryTemplateResponse>) responseObserver);
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
          getCreateInquiryTemplateMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.CreateInquiryTemplateRequest,
              dev.verilink.v1.CreateInquiryTemplateResponse>(
                service, METHODID_CREATE_INQUIRY_TEMPLATE)))
        .addMethod(
          getGetInquiryTemplateMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.GetInquiryTemplateRequest,
              dev.verilink.v1.GetInquiryTemplateResponse>(
                service, METHODID_GET_INQUIRY_TEMPLATE)))
        .addMethod(
          getListInquiryTemplatesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ListInquiryTemplatesRequest,
              dev.verilink.v1.ListInquiryTemplatesResponse>(
                service, METHODID_LIST_INQUIRY_TEMPLATES)))
        .addMethod(
          getUpdateInquiryTemplateMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.UpdateInquiryTemplateRequest,
              dev.verilink.v1.UpdateInquiryTemplateResponse>(
                service, METHODID_UPDATE_INQUIRY_TEMPLATE)))
        .addMethod(
          getArchiveInquiryTemplateMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ArchiveInquiryTemplateRequest,
              dev.verilink.v1.ArchiveInquiryTemplateResponse>(
                service, METHODID_ARCHIVE_INQUIRY_TEMPLATE)))
        .build();
  }

  private static abstract class InquiryTemplateServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    InquiryTemplateServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.verilink.v1.InquiryTemplateOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("InquiryTemplateService");
    }
  }

  private static final class InquiryTemplateServiceFileDescriptorSupplier
      extends InquiryTemplateServiceBaseDescriptorSupplier {
    InquiryTemplateServiceFileDescriptorSupplier() {}
  }

  private static final class InquiryTemplateServiceMethodDescriptorSupplier
      extends InquiryTemplateServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    InquiryTemplateServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (InquiryTemplateServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new InquiryTemplateServiceFileDescriptorSupplier())
              .addMethod(getCreateInquiryTemplateMethod())
              .addMethod(getGetInquiryTemplateMethod())
              .addMethod(getListInquiryTemplatesMethod())
              .addMethod(getUpdateInquiryTemplateMethod())
              .addMethod(getArchiveInquiryTemplateMethod())
              .build();
        }
      }
    }
    return result;
  }
}
