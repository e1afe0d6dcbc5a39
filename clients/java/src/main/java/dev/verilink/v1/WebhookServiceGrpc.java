package dev.verilink.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Manages webhooks: HTTP(S) endpoints that receive events as JSON POSTs.
 * Each delivery carries the headers `Verilink-Signature:
 * t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;" keyed with the
 * secret&gt;` (two `v1` values during a rotation grace period),
 * `Verilink-Event-Id` and `Verilink-Attempt`. A 2xx answer within 10 seconds
 * is success; anything else is retried with exponential backoff and jitter
 * for about a day. Delivery is at least once. A webhook that keeps failing is
 * disabled, with `disabled_reason` saying why.
 * Management plane: requires `authorization: Bearer &lt;api key&gt;`; webhooks are
 * scoped to the key's organization and environment and receive only that
 * environment's events.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class WebhookServiceGrpc {

  private WebhookServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "verilink.v1.WebhookService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.CreateWebhookRequest,
      dev.verilink.v1.CreateWebhookResponse> getCreateWebhookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateWebhook",
      requestType = dev.verilink.v1.CreateWebhookRequest.class,
      responseType = dev.verilink.v1.CreateWebhookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.CreateWebhookRequest,
      dev.verilink.v1.CreateWebhookResponse> getCreateWebhookMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.CreateWebhookRequest, dev.verilink.v1.CreateWebhookResponse> getCreateWebhookMethod;
    if ((getCreateWebhookMethod = WebhookServiceGrpc.getCreateWebhookMethod) == null) {
      synchronized (WebhookServiceGrpc.class) {
        if ((getCreateWebhookMethod = WebhookServiceGrpc.getCreateWebhookMethod) == null) {
          WebhookServiceGrpc.getCreateWebhookMethod = getCreateWebhookMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.CreateWebhookRequest, dev.verilink.v1.CreateWebhookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateWebhook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.CreateWebhookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.CreateWebhookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WebhookServiceMethodDescriptorSupplier("CreateWebhook"))
              .build();
        }
      }
    }
    return getCreateWebhookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.GetWebhookRequest,
      dev.verilink.v1.GetWebhookResponse> getGetWebhookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetWebhook",
      requestType = dev.verilink.v1.GetWebhookRequest.class,
      responseType = dev.verilink.v1.GetWebhookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.GetWebhookRequest,
      dev.verilink.v1.GetWebhookResponse> getGetWebhookMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.GetWebhookRequest, dev.verilink.v1.GetWebhookResponse> getGetWebhookMethod;
    if ((getGetWebhookMethod = WebhookServiceGrpc.getGetWebhookMethod) == null) {
      synchronized (WebhookServiceGrpc.class) {
        if ((getGetWebhookMethod = WebhookServiceGrpc.getGetWebhookMethod) == null) {
          WebhookServiceGrpc.getGetWebhookMethod = getGetWebhookMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.GetWebhookRequest, dev.verilink.v1.GetWebhookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetWebhook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetWebhookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetWebhookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WebhookServiceMethodDescriptorSupplier("GetWebhook"))
              .build();
        }
      }
    }
    return getGetWebhookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ListWebhooksRequest,
      dev.verilink.v1.ListWebhooksResponse> getListWebhooksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListWebhooks",
      requestType = dev.verilink.v1.ListWebhooksRequest.class,
      responseType = dev.verilink.v1.ListWebhooksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ListWebhooksRequest,
      dev.verilink.v1.ListWebhooksResponse> getListWebhooksMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ListWebhooksRequest, dev.verilink.v1.ListWebhooksResponse> getListWebhooksMethod;
    if ((getListWebhooksMethod = WebhookServiceGrpc.getListWebhooksMethod) == null) {
      synchronized (WebhookServiceGrpc.class) {
        if ((getListWebhooksMethod = WebhookServiceGrpc.getListWebhooksMethod) == null) {
          WebhookServiceGrpc.getListWebhooksMethod = getListWebhooksMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ListWebhooksRequest, dev.verilink.v1.ListWebhooksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListWebhooks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListWebhooksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListWebhooksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WebhookServiceMethodDescriptorSupplier("ListWebhooks"))
              .build();
        }
      }
    }
    return getListWebhooksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.UpdateWebhookRequest,
      dev.verilink.v1.UpdateWebhookResponse> getUpdateWebhookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateWebhook",
      requestType = dev.verilink.v1.UpdateWebhookRequest.class,
      responseType = dev.verilink.v1.UpdateWebhookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.UpdateWebhookRequest,
      dev.verilink.v1.UpdateWebhookResponse> getUpdateWebhookMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.UpdateWebhookRequest, dev.verilink.v1.UpdateWebhookResponse> getUpdateWebhookMethod;
    if ((getUpdateWebhookMethod = WebhookServiceGrpc.getUpdateWebhookMethod) == null) {
      synchronized (WebhookServiceGrpc.class) {
        if ((getUpdateWebhookMethod = WebhookServiceGrpc.getUpdateWebhookMethod) == null) {
          WebhookServiceGrpc.getUpdateWebhookMethod = getUpdateWebhookMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.UpdateWebhookRequest, dev.verilink.v1.UpdateWebhookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateWebhook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.UpdateWebhookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.UpdateWebhookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WebhookServiceMethodDescriptorSupplier("UpdateWebhook"))
              .build();
        }
      }
    }
    return getUpdateWebhookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.DeleteWebhookRequest,
      dev.verilink.v1.DeleteWebhookResponse> getDeleteWebhookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteWebhook",
      requestType = dev.verilink.v1.DeleteWebhookRequest.class,
      responseType = dev.verilink.v1.DeleteWebhookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.DeleteWebhookRequest,
      dev.verilink.v1.DeleteWebhookResponse> getDeleteWebhookMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.DeleteWebhookRequest, dev.verilink.v1.DeleteWebhookResponse> getDeleteWebhookMethod;
    if ((getDeleteWebhookMethod = WebhookServiceGrpc.getDeleteWebhookMethod) == null) {
      synchronized (WebhookServiceGrpc.class) {
        if ((getDeleteWebhookMethod = WebhookServiceGrpc.getDeleteWebhookMethod) == null) {
          WebhookServiceGrpc.getDeleteWebhookMethod = getDeleteWebhookMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.DeleteWebhookRequest, dev.verilink.v1.DeleteWebhookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteWebhook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.DeleteWebhookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.DeleteWebhookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WebhookServiceMethodDescriptorSupplier("DeleteWebhook"))
              .build();
        }
      }
    }
    return getDeleteWebhookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.RotateWebhookSecretRequest,
      dev.verilink.v1.RotateWebhookSecretResponse> getRotateWebhookSecretMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RotateWebhookSecret",
      requestType = dev.verilink.v1.RotateWebhookSecretRequest.class,
      responseType = dev.verilink.v1.RotateWebhookSecretResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.RotateWebhookSecretRequest,
      dev.verilink.v1.RotateWebhookSecretResponse> getRotateWebhookSecretMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.RotateWebhookSecretRequest, dev.verilink.v1.RotateWebhookSecretResponse> getRotateWebhookSecretMethod;
    if ((getRotateWebhookSecretMethod = WebhookServiceGrpc.getRotateWebhookSecretMethod) == null) {
      synchronized (WebhookServiceGrpc.class) {
        if ((getRotateWebhookSecretMethod = WebhookServiceGrpc.getRotateWebhookSecretMethod) == null) {
          WebhookServiceGrpc.getRotateWebhookSecretMethod = getRotateWebhookSecretMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.RotateWebhookSecretRequest, dev.verilink.v1.RotateWebhookSecretResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RotateWebhookSecret"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RotateWebhookSecretRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RotateWebhookSecretResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WebhookServiceMethodDescriptorSupplier("RotateWebhookSecret"))
              .build();
        }
      }
    }
    return getRotateWebhookSecretMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ListWebhookDeliveriesRequest,
      dev.verilink.v1.ListWebhookDeliveriesResponse> getListWebhookDeliveriesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListWebhookDeliveries",
      requestType = dev.verilink.v1.ListWebhookDeliveriesRequest.class,
      responseType = dev.verilink.v1.ListWebhookDeliveriesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ListWebhookDeliveriesRequest,
      dev.verilink.v1.ListWebhookDeliveriesResponse> getListWebhookDeliveriesMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ListWebhookDeliveriesRequest, dev.verilink.v1.ListWebhookDeliveriesResponse> getListWebhookDeliveriesMethod;
    if ((getListWebhookDeliveriesMethod = WebhookServiceGrpc.getListWebhookDeliveriesMethod) == null) {
      synchronized (WebhookServiceGrpc.class) {
        if ((getListWebhookDeliveriesMethod = WebhookServiceGrpc.getListWebhookDeliveriesMethod) == null) {
          WebhookServiceGrpc.getListWebhookDeliveriesMethod = getListWebhookDeliveriesMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ListWebhookDeliveriesRequest, dev.verilink.v1.ListWebhookDeliveriesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListWebhookDeliveries"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListWebhookDeliveriesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListWebhookDeliveriesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WebhookServiceMethodDescriptorSupplier("ListWebhookDeliveries"))
              .build();
        }
      }
    }
    return getListWebhookDeliveriesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.RedeliverEventRequest,
      dev.verilink.v1.RedeliverEventResponse> getRedeliverEventMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RedeliverEvent",
      requestType = dev.verilink.v1.RedeliverEventRequest.class,
      responseType = dev.verilink.v1.RedeliverEventResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.RedeliverEventRequest,
      dev.verilink.v1.RedeliverEventResponse> getRedeliverEventMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.RedeliverEventRequest, dev.verilink.v1.RedeliverEventResponse> getRedeliverEventMethod;
    if ((getRedeliverEventMethod = WebhookServiceGrpc.getRedeliverEventMethod) == null) {
      synchronized (WebhookServiceGrpc.class) {
        if ((getRedeliverEventMethod = WebhookServiceGrpc.getRedeliverEventMethod) == null) {
          WebhookServiceGrpc.getRedeliverEventMethod = getRedeliverEventMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.RedeliverEventRequest, dev.verilink.v1.RedeliverEventResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RedeliverEvent"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RedeliverEventRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RedeliverEventResponse.getDefaultInstance()))
              .setSchemaDescriptor(new WebhookServiceMethodDescriptorSupplier("RedeliverEvent"))
              .build();
        }
      }
    }
    return getRedeliverEventMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static WebhookServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WebhookServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WebhookServiceStub>() {
        @java.lang.Override
        public WebhookServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WebhookServiceStub(channel, callOptions);
        }
      };
    return WebhookServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static WebhookServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WebhookServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WebhookServiceBlockingV2Stub>() {
        @java.lang.Override
        public WebhookServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WebhookServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return WebhookServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static WebhookServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WebhookServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WebhookServiceBlockingStub>() {
        @java.lang.Override
        public WebhookServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WebhookServiceBlockingStub(channel, callOptions);
        }
      };
    return WebhookServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static WebhookServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<WebhookServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<WebhookServiceFutureStub>() {
        @java.lang.Override
        public WebhookServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new WebhookServiceFutureStub(channel, callOptions);
        }
      };
    return WebhookServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Manages webhooks: HTTP(S) endpoints that receive events as JSON POSTs.
   * Each delivery carries the headers `Verilink-Signature:
   * t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;" keyed with the
   * secret&gt;` (two `v1` values during a rotation grace period),
   * `Verilink-Event-Id` and `Verilink-Attempt`. A 2xx answer within 10 seconds
   * is success; anything else is retried with exponential backoff and jitter
   * for about a day. Delivery is at least once. A webhook that keeps failing is
   * disabled, with `disabled_reason` saying why.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`; webhooks are
   * scoped to the key's organization and environment and receive only that
   * environment's events.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a webhook and returns its signing secret (`whsec_…`) once.
     * </pre>
     */
    default void createWebhook(dev.verilink.v1.CreateWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.CreateWebhookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateWebhookMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns one webhook by id (never its secret).
     * </pre>
     */
    default void getWebhook(dev.verilink.v1.GetWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetWebhookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetWebhookMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists webhooks, newest first.
     * </pre>
     */
    default void listWebhooks(dev.verilink.v1.ListWebhooksRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListWebhooksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListWebhooksMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (`url`, `enabled_events`,
     * `enabled`). Re-enabling a disabled webhook clears `disabled_reason` and
     * `disable_time`.
     * </pre>
     */
    default void updateWebhook(dev.verilink.v1.UpdateWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.UpdateWebhookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateWebhookMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a webhook; no further deliveries are made to it.
     * </pre>
     */
    default void deleteWebhook(dev.verilink.v1.DeleteWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.DeleteWebhookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteWebhookMethod(), responseObserver);
    }

    /**
     * <pre>
     * Replaces the signing secret and returns the new one once. During
     * `grace_period` deliveries are signed with both the new and the previous
     * secret.
     * </pre>
     */
    default void rotateWebhookSecret(dev.verilink.v1.RotateWebhookSecretRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RotateWebhookSecretResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRotateWebhookSecretMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists delivery attempts, newest first, of one webhook or of one inquiry
     * (at least one of `webhook_id` and `inquiry_id` is required; both narrow
     * further).
     * </pre>
     */
    default void listWebhookDeliveries(dev.verilink.v1.ListWebhookDeliveriesRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListWebhookDeliveriesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListWebhookDeliveriesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Queues a new delivery of an existing event to a webhook, whatever the
     * outcome of earlier deliveries.
     * </pre>
     */
    default void redeliverEvent(dev.verilink.v1.RedeliverEventRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RedeliverEventResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRedeliverEventMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service WebhookService.
   * <pre>
   * Manages webhooks: HTTP(S) endpoints that receive events as JSON POSTs.
   * Each delivery carries the headers `Verilink-Signature:
   * t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;" keyed with the
   * secret&gt;` (two `v1` values during a rotation grace period),
   * `Verilink-Event-Id` and `Verilink-Attempt`. A 2xx answer within 10 seconds
   * is success; anything else is retried with exponential backoff and jitter
   * for about a day. Delivery is at least once. A webhook that keeps failing is
   * disabled, with `disabled_reason` saying why.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`; webhooks are
   * scoped to the key's organization and environment and receive only that
   * environment's events.
   * </pre>
   */
  public static abstract class WebhookServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return WebhookServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service WebhookService.
   * <pre>
   * Manages webhooks: HTTP(S) endpoints that receive events as JSON POSTs.
   * Each delivery carries the headers `Verilink-Signature:
   * t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;" keyed with the
   * secret&gt;` (two `v1` values during a rotation grace period),
   * `Verilink-Event-Id` and `Verilink-Attempt`. A 2xx answer within 10 seconds
   * is success; anything else is retried with exponential backoff and jitter
   * for about a day. Delivery is at least once. A webhook that keeps failing is
   * disabled, with `disabled_reason` saying why.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`; webhooks are
   * scoped to the key's organization and environment and receive only that
   * environment's events.
   * </pre>
   */
  public static final class WebhookServiceStub
      extends io.grpc.stub.AbstractAsyncStub<WebhookServiceStub> {
    private WebhookServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WebhookServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WebhookServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a webhook and returns its signing secret (`whsec_…`) once.
     * </pre>
     */
    public void createWebhook(dev.verilink.v1.CreateWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.CreateWebhookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateWebhookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns one webhook by id (never its secret).
     * </pre>
     */
    public void getWebhook(dev.verilink.v1.GetWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetWebhookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetWebhookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists webhooks, newest first.
     * </pre>
     */
    public void listWebhooks(dev.verilink.v1.ListWebhooksRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListWebhooksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListWebhooksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (`url`, `enabled_events`,
     * `enabled`). Re-enabling a disabled webhook clears `disabled_reason` and
     * `disable_time`.
     * </pre>
     */
    public void updateWebhook(dev.verilink.v1.UpdateWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.UpdateWebhookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateWebhookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a webhook; no further deliveries are made to it.
     * </pre>
     */
    public void deleteWebhook(dev.verilink.v1.DeleteWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.DeleteWebhookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteWebhookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Replaces the signing secret and returns the new one once. During
     * `grace_period` deliveries are signed with both the new and the previous
     * secret.
     * </pre>
     */
    public void rotateWebhookSecret(dev.verilink.v1.RotateWebhookSecretRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RotateWebhookSecretResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRotateWebhookSecretMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists delivery attempts, newest first, of one webhook or of one inquiry
     * (at least one of `webhook_id` and `inquiry_id` is required; both narrow
     * further).
     * </pre>
     */
    public void listWebhookDeliveries(dev.verilink.v1.ListWebhookDeliveriesRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListWebhookDeliveriesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListWebhookDeliveriesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Queues a new delivery of an existing event to a webhook, whatever the
     * outcome of earlier deliveries.
     * </pre>
     */
    public void redeliverEvent(dev.verilink.v1.RedeliverEventRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RedeliverEventResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRedeliverEventMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service WebhookService.
   * <pre>
   * Manages webhooks: HTTP(S) endpoints that receive events as JSON POSTs.
   * Each delivery carries the headers `Verilink-Signature:
   * t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;" keyed with the
   * secret&gt;` (two `v1` values during a rotation grace period),
   * `Verilink-Event-Id` and `Verilink-Attempt`. A 2xx answer within 10 seconds
   * is success; anything else is retried with exponential backoff and jitter
   * for about a day. Delivery is at least once. A webhook that keeps failing is
   * disabled, with `disabled_reason` saying why.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`; webhooks are
   * scoped to the key's organization and environment and receive only that
   * environment's events.
   * </pre>
   */
  public static final class WebhookServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<WebhookServiceBlockingV2Stub> {
    private WebhookServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WebhookServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WebhookServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a webhook and returns its signing secret (`whsec_…`) once.
     * </pre>
     */
    public dev.verilink.v1.CreateWebhookResponse createWebhook(dev.verilink.v1.CreateWebhookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one webhook by id (never its secret).
     * </pre>
     */
    public dev.verilink.v1.GetWebhookResponse getWebhook(dev.verilink.v1.GetWebhookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists webhooks, newest first.
     * </pre>
     */
    public dev.verilink.v1.ListWebhooksResponse listWebhooks(dev.verilink.v1.ListWebhooksRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListWebhooksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (`url`, `enabled_events`,
     * `enabled`). Re-enabling a disabled webhook clears `disabled_reason` and
     * `disable_time`.
     * </pre>
     */
    public dev.verilink.v1.UpdateWebhookResponse updateWebhook(dev.verilink.v1.UpdateWebhookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a webhook; no further deliveries are made to it.
     * </pre>
     */
    public dev.verilink.v1.DeleteWebhookResponse deleteWebhook(dev.verilink.v1.DeleteWebhookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Replaces the signing secret and returns the new one once. During
     * `grace_period` deliveries are signed with both the new and the previous
     * secret.
     * </pre>
     */
    public dev.verilink.v1.RotateWebhookSecretResponse rotateWebhookSecret(dev.verilink.v1.RotateWebhookSecretRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRotateWebhookSecretMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists delivery attempts, newest first, of one webhook or of one inquiry
     * (at least one of `webhook_id` and `inquiry_id` is required; both narrow
     * further).
     * </pre>
     */
    public dev.verilink.v1.ListWebhookDeliveriesResponse listWebhookDeliveries(dev.verilink.v1.ListWebhookDeliveriesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListWebhookDeliveriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Queues a new delivery of an existing event to a webhook, whatever the
     * outcome of earlier deliveries.
     * </pre>
     */
    public dev.verilink.v1.RedeliverEventResponse redeliverEvent(dev.verilink.v1.RedeliverEventRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRedeliverEventMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service WebhookService.
   * <pre>
   * Manages webhooks: HTTP(S) endpoints that receive events as JSON POSTs.
   * Each delivery carries the headers `Verilink-Signature:
   * t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;" keyed with the
   * secret&gt;` (two `v1` values during a rotation grace period),
   * `Verilink-Event-Id` and `Verilink-Attempt`. A 2xx answer within 10 seconds
   * is success; anything else is retried with exponential backoff and jitter
   * for about a day. Delivery is at least once. A webhook that keeps failing is
   * disabled, with `disabled_reason` saying why.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`; webhooks are
   * scoped to the key's organization and environment and receive only that
   * environment's events.
   * </pre>
   */
  public static final class WebhookServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<WebhookServiceBlockingStub> {
    private WebhookServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WebhookServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WebhookServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a webhook and returns its signing secret (`whsec_…`) once.
     * </pre>
     */
    public dev.verilink.v1.CreateWebhookResponse createWebhook(dev.verilink.v1.CreateWebhookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one webhook by id (never its secret).
     * </pre>
     */
    public dev.verilink.v1.GetWebhookResponse getWebhook(dev.verilink.v1.GetWebhookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists webhooks, newest first.
     * </pre>
     */
    public dev.verilink.v1.ListWebhooksResponse listWebhooks(dev.verilink.v1.ListWebhooksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListWebhooksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (`url`, `enabled_events`,
     * `enabled`). Re-enabling a disabled webhook clears `disabled_reason` and
     * `disable_time`.
     * </pre>
     */
    public dev.verilink.v1.UpdateWebhookResponse updateWebhook(dev.verilink.v1.UpdateWebhookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a webhook; no further deliveries are made to it.
     * </pre>
     */
    public dev.verilink.v1.DeleteWebhookResponse deleteWebhook(dev.verilink.v1.DeleteWebhookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Replaces the signing secret and returns the new one once. During
     * `grace_period` deliveries are signed with both the new and the previous
     * secret.
     * </pre>
     */
    public dev.verilink.v1.RotateWebhookSecretResponse rotateWebhookSecret(dev.verilink.v1.RotateWebhookSecretRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRotateWebhookSecretMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists delivery attempts, newest first, of one webhook or of one inquiry
     * (at least one of `webhook_id` and `inquiry_id` is required; both narrow
     * further).
     * </pre>
     */
    public dev.verilink.v1.ListWebhookDeliveriesResponse listWebhookDeliveries(dev.verilink.v1.ListWebhookDeliveriesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListWebhookDeliveriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Queues a new delivery of an existing event to a webhook, whatever the
     * outcome of earlier deliveries.
     * </pre>
     */
    public dev.verilink.v1.RedeliverEventResponse redeliverEvent(dev.verilink.v1.RedeliverEventRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRedeliverEventMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service WebhookService.
   * <pre>
   * Manages webhooks: HTTP(S) endpoints that receive events as JSON POSTs.
   * Each delivery carries the headers `Verilink-Signature:
   * t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;" keyed with the
   * secret&gt;` (two `v1` values during a rotation grace period),
   * `Verilink-Event-Id` and `Verilink-Attempt`. A 2xx answer within 10 seconds
   * is success; anything else is retried with exponential backoff and jitter
   * for about a day. Delivery is at least once. A webhook that keeps failing is
   * disabled, with `disabled_reason` saying why.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`; webhooks are
   * scoped to the key's organization and environment and receive only that
   * environment's events.
   * </pre>
   */
  public static final class WebhookServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<WebhookServiceFutureStub> {
    private WebhookServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected WebhookServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new WebhookServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a webhook and returns its signing secret (`whsec_…`) once.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.CreateWebhookResponse> createWebhook(
        dev.verilink.v1.CreateWebhookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateWebhookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns one webhook by id (never its secret).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.GetWebhookResponse> getWebhook(
        dev.verilink.v1.GetWebhookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetWebhookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists webhooks, newest first.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ListWebhooksResponse> listWebhooks(
        dev.verilink.v1.ListWebhooksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListWebhooksMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask` (`url`, `enabled_events`,
     * `enabled`). Re-enabling a disabled webhook clears `disabled_reason` and
     * `disable_time`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.UpdateWebhookResponse> updateWebhook(
        dev.verilink.v1.UpdateWebhookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateWebhookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a webhook; no further deliveries are made to it.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.DeleteWebhookResponse> deleteWebhook(
        dev.verilink.v1.DeleteWebhookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteWebhookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Replaces the signing secret and returns the new one once. During
     * `grace_period` deliveries are signed with both the new and the previous
     * secret.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.RotateWebhookSecretResponse> rotateWebhookSecret(
        dev.verilink.v1.RotateWebhookSecretRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRotateWebhookSecretMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists delivery attempts, newest first, of one webhook or of one inquiry
     * (at least one of `webhook_id` and `inquiry_id` is required; both narrow
     * further).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ListWebhookDeliveriesResponse> listWebhookDeliveries(
        dev.verilink.v1.ListWebhookDeliveriesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListWebhookDeliveriesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Queues a new delivery of an existing event to a webhook, whatever the
     * outcome of earlier deliveries.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.RedeliverEventResponse> redeliverEvent(
        dev.verilink.v1.RedeliverEventRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRedeliverEventMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_WEBHOOK = 0;
  private static final int METHODID_GET_WEBHOOK = 1;
  private static final int METHODID_LIST_WEBHOOKS = 2;
  private static final int METHODID_UPDATE_WEBHOOK = 3;
  private static final int METHODID_DELETE_WEBHOOK = 4;
  private static final int METHODID_ROTATE_WEBHOOK_SECRET = 5;
  private static final int METHODID_LIST_WEBHOOK_DELIVERIES = 6;
  private static final int METHODID_REDELIVER_EVENT = 7;

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
        case METHODID_CREATE_WEBHOOK:
          serviceImpl.createWebhook((dev.verilink.v1.CreateWebhookRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.CreateWebhookResponse>) responseObserver);
          break;
        case METHODID_GET_WEBHOOK:
          serviceImpl.getWebhook((dev.verilink.v1.GetWebhookRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.GetWebhookResponse>) responseObserver);
          break;
        case METHODID_LIST_WEBHOOKS:
          serviceImpl.listWebhooks((dev.verilink.v1.ListWebhooksRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ListWebhooksResponse>) responseObserver);
          break;
        case METHODID_UPDATE_WEBHOOK:
          serviceImpl.updateWebhook((dev.verilink.v1.UpdateWebhookRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.UpdateWebhookResponse>) responseObserver);
          break;
        case METHODID_DELETE_WEBHOOK:
          serviceImpl.deleteWebhook((dev.verilink.v1.DeleteWebhookRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.DeleteWebhookResponse>) responseObserver);
          break;
        case METHODID_ROTATE_WEBHOOK_SECRET:
          serviceImpl.rotateWebhookSecret((dev.verilink.v1.RotateWebhookSecretRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.RotateWebhookSecretResponse>) responseObserver);
          break;
        case METHODID_LIST_WEBHOOK_DELIVERIES:
          serviceImpl.listWebhookDeliveries((dev.verilink.v1.ListWebhookDeliveriesRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ListWebhookDeliveriesResponse>) responseObserver);
          break;
        case METHODID_REDELIVER_EVENT:
          serviceImpl.redeliverEvent((dev.verilink.v1.RedeliverEventRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.RedeliverEventResponse>) responseObserver);
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
          getCreateWebhookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.CreateWebhookRequest,
              dev.verilink.v1.CreateWebhookResponse>(
                service, METHODID_CREATE_WEBHOOK)))
        .addMethod(
          getGetWebhookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.GetWebhookRequest,
              dev.verilink.v1.GetWebhookResponse>(
                service, METHODID_GET_WEBHOOK)))
        .addMethod(
          getListWebhooksMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ListWebhooksRequest,
              dev.verilink.v1.ListWebhooksResponse>(
                service, METHODID_LIST_WEBHOOKS)))
        .addMethod(
          getUpdateWebhookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.UpdateWebhookRequest,
              dev.verilink.v1.UpdateWebhookResponse>(
                service, METHODID_UPDATE_WEBHOOK)))
        .addMethod(
          getDeleteWebhookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.DeleteWebhookRequest,
              dev.verilink.v1.DeleteWebhookResponse>(
                service, METHODID_DELETE_WEBHOOK)))
        .addMethod(
          getRotateWebhookSecretMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.RotateWebhookSecretRequest,
              dev.verilink.v1.RotateWebhookSecretResponse>(
                service, METHODID_ROTATE_WEBHOOK_SECRET)))
        .addMethod(
          getListWebhookDeliveriesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ListWebhookDeliveriesRequest,
              dev.verilink.v1.ListWebhookDeliveriesResponse>(
                service, METHODID_LIST_WEBHOOK_DELIVERIES)))
        .addMethod(
          getRedeliverEventMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.RedeliverEventRequest,
              dev.verilink.v1.RedeliverEventResponse>(
                service, METHODID_REDELIVER_EVENT)))
        .build();
  }

  private static abstract class WebhookServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    WebhookServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.verilink.v1.WebhookOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("WebhookService");
    }
  }

  private static final class WebhookServiceFileDescriptorSupplier
      extends WebhookServiceBaseDescriptorSupplier {
    WebhookServiceFileDescriptorSupplier() {}
  }

  private static final class WebhookServiceMethodDescriptorSupplier
      extends WebhookServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    WebhookServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (WebhookServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new WebhookServiceFileDescriptorSupplier())
              .addMethod(getCreateWebhookMethod())
              .addMethod(getGetWebhookMethod())
              .addMethod(getListWebhooksMethod())
              .addMethod(getUpdateWebhookMethod())
              .addMethod(getDeleteWebhookMethod())
              .addMethod(getRotateWebhookSecretMethod())
              .addMethod(getListWebhookDeliveriesMethod())
              .addMethod(getRedeliverEventMethod())
              .build();
        }
      }
    }
    return result;
  }
}
