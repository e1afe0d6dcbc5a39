package dev.verilink.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Manages inquiries: one identity-verification case for one end user, made
 * from a template and worked on through sessions.
 * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Inquiries are
 * scoped to the key's organization and environment; anything outside is
 * `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata entry (at
 * most 255 characters): for 24 hours the same key with the same request
 * replays the stored response; with a different request it is
 * `INVALID_ARGUMENT` (`IDEMPOTENCY_KEY_REUSED`); while the first call is still
 * running, `ABORTED`.
 * Status changes follow the table documented on `InquiryStatus`; any other
 * transition is `FAILED_PRECONDITION`. Once an inquiry is redacted, every
 * mutation except RedactInquiry itself is `FAILED_PRECONDITION`. Every change
 * writes an `Event` in the same transaction.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class InquiryServiceGrpc {

  private InquiryServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "verilink.v1.InquiryService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.CreateInquiryRequest,
      dev.verilink.v1.CreateInquiryResponse> getCreateInquiryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateInquiry",
      requestType = dev.verilink.v1.CreateInquiryRequest.class,
      responseType = dev.verilink.v1.CreateInquiryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.CreateInquiryRequest,
      dev.verilink.v1.CreateInquiryResponse> getCreateInquiryMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.CreateInquiryRequest, dev.verilink.v1.CreateInquiryResponse> getCreateInquiryMethod;
    if ((getCreateInquiryMethod = InquiryServiceGrpc.getCreateInquiryMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getCreateInquiryMethod = InquiryServiceGrpc.getCreateInquiryMethod) == null) {
          InquiryServiceGrpc.getCreateInquiryMethod = getCreateInquiryMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.CreateInquiryRequest, dev.verilink.v1.CreateInquiryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateInquiry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.CreateInquiryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.CreateInquiryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("CreateInquiry"))
              .build();
        }
      }
    }
    return getCreateInquiryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.GetInquiryRequest,
      dev.verilink.v1.GetInquiryResponse> getGetInquiryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetInquiry",
      requestType = dev.verilink.v1.GetInquiryRequest.class,
      responseType = dev.verilink.v1.GetInquiryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.GetInquiryRequest,
      dev.verilink.v1.GetInquiryResponse> getGetInquiryMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.GetInquiryRequest, dev.verilink.v1.GetInquiryResponse> getGetInquiryMethod;
    if ((getGetInquiryMethod = InquiryServiceGrpc.getGetInquiryMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getGetInquiryMethod = InquiryServiceGrpc.getGetInquiryMethod) == null) {
          InquiryServiceGrpc.getGetInquiryMethod = getGetInquiryMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.GetInquiryRequest, dev.verilink.v1.GetInquiryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetInquiry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetInquiryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.GetInquiryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("GetInquiry"))
              .build();
        }
      }
    }
    return getGetInquiryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ListInquiriesRequest,
      dev.verilink.v1.ListInquiriesResponse> getListInquiriesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListInquiries",
      requestType = dev.verilink.v1.ListInquiriesRequest.class,
      responseType = dev.verilink.v1.ListInquiriesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ListInquiriesRequest,
      dev.verilink.v1.ListInquiriesResponse> getListInquiriesMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ListInquiriesRequest, dev.verilink.v1.ListInquiriesResponse> getListInquiriesMethod;
    if ((getListInquiriesMethod = InquiryServiceGrpc.getListInquiriesMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getListInquiriesMethod = InquiryServiceGrpc.getListInquiriesMethod) == null) {
          InquiryServiceGrpc.getListInquiriesMethod = getListInquiriesMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ListInquiriesRequest, dev.verilink.v1.ListInquiriesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListInquiries"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListInquiriesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ListInquiriesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("ListInquiries"))
              .build();
        }
      }
    }
    return getListInquiriesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.UpdateInquiryRequest,
      dev.verilink.v1.UpdateInquiryResponse> getUpdateInquiryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateInquiry",
      requestType = dev.verilink.v1.UpdateInquiryRequest.class,
      responseType = dev.verilink.v1.UpdateInquiryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.UpdateInquiryRequest,
      dev.verilink.v1.UpdateInquiryResponse> getUpdateInquiryMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.UpdateInquiryRequest, dev.verilink.v1.UpdateInquiryResponse> getUpdateInquiryMethod;
    if ((getUpdateInquiryMethod = InquiryServiceGrpc.getUpdateInquiryMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getUpdateInquiryMethod = InquiryServiceGrpc.getUpdateInquiryMethod) == null) {
          InquiryServiceGrpc.getUpdateInquiryMethod = getUpdateInquiryMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.UpdateInquiryRequest, dev.verilink.v1.UpdateInquiryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateInquiry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.UpdateInquiryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.UpdateInquiryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("UpdateInquiry"))
              .build();
        }
      }
    }
    return getUpdateInquiryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ResumeInquiryRequest,
      dev.verilink.v1.ResumeInquiryResponse> getResumeInquiryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResumeInquiry",
      requestType = dev.verilink.v1.ResumeInquiryRequest.class,
      responseType = dev.verilink.v1.ResumeInquiryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ResumeInquiryRequest,
      dev.verilink.v1.ResumeInquiryResponse> getResumeInquiryMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ResumeInquiryRequest, dev.verilink.v1.ResumeInquiryResponse> getResumeInquiryMethod;
    if ((getResumeInquiryMethod = InquiryServiceGrpc.getResumeInquiryMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getResumeInquiryMethod = InquiryServiceGrpc.getResumeInquiryMethod) == null) {
          InquiryServiceGrpc.getResumeInquiryMethod = getResumeInquiryMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ResumeInquiryRequest, dev.verilink.v1.ResumeInquiryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResumeInquiry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ResumeInquiryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ResumeInquiryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("ResumeInquiry"))
              .build();
        }
      }
    }
    return getResumeInquiryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ExpireInquiryRequest,
      dev.verilink.v1.ExpireInquiryResponse> getExpireInquiryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ExpireInquiry",
      requestType = dev.verilink.v1.ExpireInquiryRequest.class,
      responseType = dev.verilink.v1.ExpireInquiryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ExpireInquiryRequest,
      dev.verilink.v1.ExpireInquiryResponse> getExpireInquiryMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ExpireInquiryRequest, dev.verilink.v1.ExpireInquiryResponse> getExpireInquiryMethod;
    if ((getExpireInquiryMethod = InquiryServiceGrpc.getExpireInquiryMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getExpireInquiryMethod = InquiryServiceGrpc.getExpireInquiryMethod) == null) {
          InquiryServiceGrpc.getExpireInquiryMethod = getExpireInquiryMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ExpireInquiryRequest, dev.verilink.v1.ExpireInquiryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ExpireInquiry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ExpireInquiryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ExpireInquiryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("ExpireInquiry"))
              .build();
        }
      }
    }
    return getExpireInquiryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ApproveInquiryRequest,
      dev.verilink.v1.ApproveInquiryResponse> getApproveInquiryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ApproveInquiry",
      requestType = dev.verilink.v1.ApproveInquiryRequest.class,
      responseType = dev.verilink.v1.ApproveInquiryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ApproveInquiryRequest,
      dev.verilink.v1.ApproveInquiryResponse> getApproveInquiryMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ApproveInquiryRequest, dev.verilink.v1.ApproveInquiryResponse> getApproveInquiryMethod;
    if ((getApproveInquiryMethod = InquiryServiceGrpc.getApproveInquiryMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getApproveInquiryMethod = InquiryServiceGrpc.getApproveInquiryMethod) == null) {
          InquiryServiceGrpc.getApproveInquiryMethod = getApproveInquiryMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ApproveInquiryRequest, dev.verilink.v1.ApproveInquiryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ApproveInquiry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ApproveInquiryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ApproveInquiryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("ApproveInquiry"))
              .build();
        }
      }
    }
    return getApproveInquiryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.DeclineInquiryRequest,
      dev.verilink.v1.DeclineInquiryResponse> getDeclineInquiryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeclineInquiry",
      requestType = dev.verilink.v1.DeclineInquiryRequest.class,
      responseType = dev.verilink.v1.DeclineInquiryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.DeclineInquiryRequest,
      dev.verilink.v1.DeclineInquiryResponse> getDeclineInquiryMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.DeclineInquiryRequest, dev.verilink.v1.DeclineInquiryResponse> getDeclineInquiryMethod;
    if ((getDeclineInquiryMethod = InquiryServiceGrpc.getDeclineInquiryMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getDeclineInquiryMethod = InquiryServiceGrpc.getDeclineInquiryMethod) == null) {
          InquiryServiceGrpc.getDeclineInquiryMethod = getDeclineInquiryMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.DeclineInquiryRequest, dev.verilink.v1.DeclineInquiryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeclineInquiry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.DeclineInquiryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.DeclineInquiryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("DeclineInquiry"))
              .build();
        }
      }
    }
    return getDeclineInquiryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.MarkInquiryForReviewRequest,
      dev.verilink.v1.MarkInquiryForReviewResponse> getMarkInquiryForReviewMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "MarkInquiryForReview",
      requestType = dev.verilink.v1.MarkInquiryForReviewRequest.class,
      responseType = dev.verilink.v1.MarkInquiryForReviewResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.MarkInquiryForReviewRequest,
      dev.verilink.v1.MarkInquiryForReviewResponse> getMarkInquiryForReviewMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.MarkInquiryForReviewRequest, dev.verilink.v1.MarkInquiryForReviewResponse> getMarkInquiryForReviewMethod;
    if ((getMarkInquiryForReviewMethod = InquiryServiceGrpc.getMarkInquiryForReviewMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getMarkInquiryForReviewMethod = InquiryServiceGrpc.getMarkInquiryForReviewMethod) == null) {
          InquiryServiceGrpc.getMarkInquiryForReviewMethod = getMarkInquiryForReviewMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.MarkInquiryForReviewRequest, dev.verilink.v1.MarkInquiryForReviewResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "MarkInquiryForReview"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.MarkInquiryForReviewRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.MarkInquiryForReviewResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("MarkInquiryForReview"))
              .build();
        }
      }
    }
    return getMarkInquiryForReviewMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.AddInquiryTagRequest,
      dev.verilink.v1.AddInquiryTagResponse> getAddInquiryTagMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AddInquiryTag",
      requestType = dev.verilink.v1.AddInquiryTagRequest.class,
      responseType = dev.verilink.v1.AddInquiryTagResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.AddInquiryTagRequest,
      dev.verilink.v1.AddInquiryTagResponse> getAddInquiryTagMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.AddInquiryTagRequest, dev.verilink.v1.AddInquiryTagResponse> getAddInquiryTagMethod;
    if ((getAddInquiryTagMethod = InquiryServiceGrpc.getAddInquiryTagMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getAddInquiryTagMethod = InquiryServiceGrpc.getAddInquiryTagMethod) == null) {
          InquiryServiceGrpc.getAddInquiryTagMethod = getAddInquiryTagMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.AddInquiryTagRequest, dev.verilink.v1.AddInquiryTagResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AddInquiryTag"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.AddInquiryTagRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.AddInquiryTagResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("AddInquiryTag"))
              .build();
        }
      }
    }
    return getAddInquiryTagMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.RemoveInquiryTagRequest,
      dev.verilink.v1.RemoveInquiryTagResponse> getRemoveInquiryTagMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RemoveInquiryTag",
      requestType = dev.verilink.v1.RemoveInquiryTagRequest.class,
      responseType = dev.verilink.v1.RemoveInquiryTagResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.RemoveInquiryTagRequest,
      dev.verilink.v1.RemoveInquiryTagResponse> getRemoveInquiryTagMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.RemoveInquiryTagRequest, dev.verilink.v1.RemoveInquiryTagResponse> getRemoveInquiryTagMethod;
    if ((getRemoveInquiryTagMethod = InquiryServiceGrpc.getRemoveInquiryTagMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getRemoveInquiryTagMethod = InquiryServiceGrpc.getRemoveInquiryTagMethod) == null) {
          InquiryServiceGrpc.getRemoveInquiryTagMethod = getRemoveInquiryTagMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.RemoveInquiryTagRequest, dev.verilink.v1.RemoveInquiryTagResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RemoveInquiryTag"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RemoveInquiryTagRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RemoveInquiryTagResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("RemoveInquiryTag"))
              .build();
        }
      }
    }
    return getRemoveInquiryTagMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.SetInquiryTagsRequest,
      dev.verilink.v1.SetInquiryTagsResponse> getSetInquiryTagsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetInquiryTags",
      requestType = dev.verilink.v1.SetInquiryTagsRequest.class,
      responseType = dev.verilink.v1.SetInquiryTagsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.SetInquiryTagsRequest,
      dev.verilink.v1.SetInquiryTagsResponse> getSetInquiryTagsMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.SetInquiryTagsRequest, dev.verilink.v1.SetInquiryTagsResponse> getSetInquiryTagsMethod;
    if ((getSetInquiryTagsMethod = InquiryServiceGrpc.getSetInquiryTagsMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getSetInquiryTagsMethod = InquiryServiceGrpc.getSetInquiryTagsMethod) == null) {
          InquiryServiceGrpc.getSetInquiryTagsMethod = getSetInquiryTagsMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.SetInquiryTagsRequest, dev.verilink.v1.SetInquiryTagsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetInquiryTags"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.SetInquiryTagsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.SetInquiryTagsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("SetInquiryTags"))
              .build();
        }
      }
    }
    return getSetInquiryTagsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.RedactInquiryRequest,
      dev.verilink.v1.RedactInquiryResponse> getRedactInquiryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RedactInquiry",
      requestType = dev.verilink.v1.RedactInquiryRequest.class,
      responseType = dev.verilink.v1.RedactInquiryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.RedactInquiryRequest,
      dev.verilink.v1.RedactInquiryResponse> getRedactInquiryMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.RedactInquiryRequest, dev.verilink.v1.RedactInquiryResponse> getRedactInquiryMethod;
    if ((getRedactInquiryMethod = InquiryServiceGrpc.getRedactInquiryMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getRedactInquiryMethod = InquiryServiceGrpc.getRedactInquiryMethod) == null) {
          InquiryServiceGrpc.getRedactInquiryMethod = getRedactInquiryMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.RedactInquiryRequest, dev.verilink.v1.RedactInquiryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RedactInquiry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RedactInquiryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.RedactInquiryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("RedactInquiry"))
              .build();
        }
      }
    }
    return getRedactInquiryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.ExportInquiryRequest,
      dev.verilink.v1.ExportInquiryResponse> getExportInquiryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ExportInquiry",
      requestType = dev.verilink.v1.ExportInquiryRequest.class,
      responseType = dev.verilink.v1.ExportInquiryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.ExportInquiryRequest,
      dev.verilink.v1.ExportInquiryResponse> getExportInquiryMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.ExportInquiryRequest, dev.verilink.v1.ExportInquiryResponse> getExportInquiryMethod;
    if ((getExportInquiryMethod = InquiryServiceGrpc.getExportInquiryMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getExportInquiryMethod = InquiryServiceGrpc.getExportInquiryMethod) == null) {
          InquiryServiceGrpc.getExportInquiryMethod = getExportInquiryMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.ExportInquiryRequest, dev.verilink.v1.ExportInquiryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ExportInquiry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ExportInquiryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.ExportInquiryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("ExportInquiry"))
              .build();
        }
      }
    }
    return getExportInquiryMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.SimulateInquiryActionRequest,
      dev.verilink.v1.SimulateInquiryActionResponse> getSimulateInquiryActionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SimulateInquiryAction",
      requestType = dev.verilink.v1.SimulateInquiryActionRequest.class,
      responseType = dev.verilink.v1.SimulateInquiryActionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.SimulateInquiryActionRequest,
      dev.verilink.v1.SimulateInquiryActionResponse> getSimulateInquiryActionMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.SimulateInquiryActionRequest, dev.verilink.v1.SimulateInquiryActionResponse> getSimulateInquiryActionMethod;
    if ((getSimulateInquiryActionMethod = InquiryServiceGrpc.getSimulateInquiryActionMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getSimulateInquiryActionMethod = InquiryServiceGrpc.getSimulateInquiryActionMethod) == null) {
          InquiryServiceGrpc.getSimulateInquiryActionMethod = getSimulateInquiryActionMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.SimulateInquiryActionRequest, dev.verilink.v1.SimulateInquiryActionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SimulateInquiryAction"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.SimulateInquiryActionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.SimulateInquiryActionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("SimulateInquiryAction"))
              .build();
        }
      }
    }
    return getSimulateInquiryActionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.verilink.v1.WatchInquiryRequest,
      dev.verilink.v1.WatchInquiryResponse> getWatchInquiryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchInquiry",
      requestType = dev.verilink.v1.WatchInquiryRequest.class,
      responseType = dev.verilink.v1.WatchInquiryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.verilink.v1.WatchInquiryRequest,
      dev.verilink.v1.WatchInquiryResponse> getWatchInquiryMethod() {
    io.grpc.MethodDescriptor<dev.verilink.v1.WatchInquiryRequest, dev.verilink.v1.WatchInquiryResponse> getWatchInquiryMethod;
    if ((getWatchInquiryMethod = InquiryServiceGrpc.getWatchInquiryMethod) == null) {
      synchronized (InquiryServiceGrpc.class) {
        if ((getWatchInquiryMethod = InquiryServiceGrpc.getWatchInquiryMethod) == null) {
          InquiryServiceGrpc.getWatchInquiryMethod = getWatchInquiryMethod =
              io.grpc.MethodDescriptor.<dev.verilink.v1.WatchInquiryRequest, dev.verilink.v1.WatchInquiryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchInquiry"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.WatchInquiryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.verilink.v1.WatchInquiryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new InquiryServiceMethodDescriptorSupplier("WatchInquiry"))
              .build();
        }
      }
    }
    return getWatchInquiryMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static InquiryServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<InquiryServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<InquiryServiceStub>() {
        @java.lang.Override
        public InquiryServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new InquiryServiceStub(channel, callOptions);
        }
      };
    return InquiryServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static InquiryServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<InquiryServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<InquiryServiceBlockingV2Stub>() {
        @java.lang.Override
        public InquiryServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new InquiryServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return InquiryServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static InquiryServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<InquiryServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<InquiryServiceBlockingStub>() {
        @java.lang.Override
        public InquiryServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new InquiryServiceBlockingStub(channel, callOptions);
        }
      };
    return InquiryServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static InquiryServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<InquiryServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<InquiryServiceFutureStub>() {
        @java.lang.Override
        public InquiryServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new InquiryServiceFutureStub(channel, callOptions);
        }
      };
    return InquiryServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Manages inquiries: one identity-verification case for one end user, made
   * from a template and worked on through sessions.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Inquiries are
   * scoped to the key's organization and environment; anything outside is
   * `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata entry (at
   * most 255 characters): for 24 hours the same key with the same request
   * replays the stored response; with a different request it is
   * `INVALID_ARGUMENT` (`IDEMPOTENCY_KEY_REUSED`); while the first call is still
   * running, `ABORTED`.
   * Status changes follow the table documented on `InquiryStatus`; any other
   * transition is `FAILED_PRECONDITION`. Once an inquiry is redacted, every
   * mutation except RedactInquiry itself is `FAILED_PRECONDITION`. Every change
   * writes an `Event` in the same transaction.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates an inquiry in CREATED from a template, copying the template's
     * settings; `expires_at` = now + `expire_after_create`. With
     * `create_one_time_link`, a link is generated in the same call.
     * Errors: `FAILED_PRECONDITION` if the template is archived;
     * `INVALID_ARGUMENT` if a limit is exceeded.
     * </pre>
     */
    default void createInquiry(dev.verilink.v1.CreateInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.CreateInquiryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateInquiryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns one inquiry by id.
     * </pre>
     */
    default void getInquiry(dev.verilink.v1.GetInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetInquiryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetInquiryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists inquiries, newest first, optionally filtered. All set filters must
     * match.
     * </pre>
     */
    default void listInquiries(dev.verilink.v1.ListInquiriesRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListInquiriesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListInquiriesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask`. Only `note`, `fields`, `tags`
     * and `reference_id` may be updated (`INVALID_ARGUMENT` otherwise).
     * </pre>
     */
    default void updateInquiry(dev.verilink.v1.UpdateInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.UpdateInquiryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateInquiryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Resumes an inquiry in CREATED, PENDING or EXPIRED: it moves to PENDING,
     * `expires_at` = now + `expire_after_resume`, and a new session (origin
     * RESUME) opens whose token is returned once. More than
     * `max_sessions_per_inquiry` sessions is `RESOURCE_EXHAUSTED`.
     * </pre>
     */
    default void resumeInquiry(dev.verilink.v1.ResumeInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ResumeInquiryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResumeInquiryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Expires an inquiry in CREATED or PENDING now: all its sessions expire and
     * its pending links expire.
     * </pre>
     */
    default void expireInquiry(dev.verilink.v1.ExpireInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ExpireInquiryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getExpireInquiryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Approves an inquiry in CREATED, PENDING, COMPLETED, FAILED or
     * NEEDS_REVIEW: sets `decision_time` and `reviewer_comment`, expires its
     * sessions and revokes its links.
     * </pre>
     */
    default void approveInquiry(dev.verilink.v1.ApproveInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ApproveInquiryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getApproveInquiryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Declines an inquiry in CREATED, PENDING, COMPLETED, FAILED or
     * NEEDS_REVIEW: sets `decision_time` and `reviewer_comment`, expires its
     * sessions and revokes its links.
     * </pre>
     */
    default void declineInquiry(dev.verilink.v1.DeclineInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.DeclineInquiryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeclineInquiryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Moves an inquiry in PENDING, COMPLETED or FAILED to NEEDS_REVIEW and
     * sets `mark_for_review_time` and `reviewer_comment`.
     * </pre>
     */
    default void markInquiryForReview(dev.verilink.v1.MarkInquiryForReviewRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.MarkInquiryForReviewResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getMarkInquiryForReviewMethod(), responseObserver);
    }

    /**
     * <pre>
     * Adds one tag; adding a tag the inquiry already has changes nothing.
     * </pre>
     */
    default void addInquiryTag(dev.verilink.v1.AddInquiryTagRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.AddInquiryTagResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAddInquiryTagMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes one tag; removing a tag the inquiry does not have changes
     * nothing.
     * </pre>
     */
    default void removeInquiryTag(dev.verilink.v1.RemoveInquiryTagRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RemoveInquiryTagResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRemoveInquiryTagMethod(), responseObserver);
    }

    /**
     * <pre>
     * Replaces all tags of the inquiry.
     * </pre>
     */
    default void setInquiryTags(dev.verilink.v1.SetInquiryTagsRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.SetInquiryTagsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetInquiryTagsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Redacts an inquiry in any status: wipes its PII (fields, note, tags),
     * revokes its links, expires its sessions and sets `redact_time`. The status
     * is unchanged; later mutations are `FAILED_PRECONDITION`.
     * </pre>
     */
    default void redactInquiry(dev.verilink.v1.RedactInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RedactInquiryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRedactInquiryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns everything held about the inquiry (the inquiry, its sessions, its
     * links without secrets, and its events) as one JSON document, for data
     * subject access requests.
     * </pre>
     */
    default void exportInquiry(dev.verilink.v1.ExportInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ExportInquiryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getExportInquiryMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sandbox only (live keys get `FAILED_PRECONDITION`): simulates an
     * end-user or clock action on the inquiry, following the same status rules
     * as the real action.
     * </pre>
     */
    default void simulateInquiryAction(dev.verilink.v1.SimulateInquiryActionRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.SimulateInquiryActionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSimulateInquiryActionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams the inquiry's events as they commit, on whichever server replica
     * the change happened. Events after `after_event_id` are replayed first, so
     * a reconnecting client that passes the last id it saw misses nothing.
     * </pre>
     */
    default void watchInquiry(dev.verilink.v1.WatchInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.WatchInquiryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchInquiryMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service InquiryService.
   * <pre>
   * Manages inquiries: one identity-verification case for one end user, made
   * from a template and worked on through sessions.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Inquiries are
   * scoped to the key's organization and environment; anything outside is
   * `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata entry (at
   * most 255 characters): for 24 hours the same key with the same request
   * replays the stored response; with a different request it is
   * `INVALID_ARGUMENT` (`IDEMPOTENCY_KEY_REUSED`); while the first call is still
   * running, `ABORTED`.
   * Status changes follow the table documented on `InquiryStatus`; any other
   * transition is `FAILED_PRECONDITION`. Once an inquiry is redacted, every
   * mutation except RedactInquiry itself is `FAILED_PRECONDITION`. Every change
   * writes an `Event` in the same transaction.
   * </pre>
   */
  public static abstract class InquiryServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return InquiryServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service InquiryService.
   * <pre>
   * Manages inquiries: one identity-verification case for one end user, made
   * from a template and worked on through sessions.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Inquiries are
   * scoped to the key's organization and environment; anything outside is
   * `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata entry (at
   * most 255 characters): for 24 hours the same key with the same request
   * replays the stored response; with a different request it is
   * `INVALID_ARGUMENT` (`IDEMPOTENCY_KEY_REUSED`); while the first call is still
   * running, `ABORTED`.
   * Status changes follow the table documented on `InquiryStatus`; any other
   * transition is `FAILED_PRECONDITION`. Once an inquiry is redacted, every
   * mutation except RedactInquiry itself is `FAILED_PRECONDITION`. Every change
   * writes an `Event` in the same transaction.
   * </pre>
   */
  public static final class InquiryServiceStub
      extends io.grpc.stub.AbstractAsyncStub<InquiryServiceStub> {
    private InquiryServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected InquiryServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new InquiryServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an inquiry in CREATED from a template, copying the template's
     * settings; `expires_at` = now + `expire_after_create`. With
     * `create_one_time_link`, a link is generated in the same call.
     * Errors: `FAILED_PRECONDITION` if the template is archived;
     * `INVALID_ARGUMENT` if a limit is exceeded.
     * </pre>
     */
    public void createInquiry(dev.verilink.v1.CreateInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.CreateInquiryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateInquiryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns one inquiry by id.
     * </pre>
     */
    public void getInquiry(dev.verilink.v1.GetInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.GetInquiryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetInquiryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists inquiries, newest first, optionally filtered. All set filters must
     * match.
     * </pre>
     */
    public void listInquiries(dev.verilink.v1.ListInquiriesRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ListInquiriesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListInquiriesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask`. Only `note`, `fields`, `tags`
     * and `reference_id` may be updated (`INVALID_ARGUMENT` otherwise).
     * </pre>
     */
    public void updateInquiry(dev.verilink.v1.UpdateInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.UpdateInquiryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateInquiryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Resumes an inquiry in CREATED, PENDING or EXPIRED: it moves to PENDING,
     * `expires_at` = now + `expire_after_resume`, and a new session (origin
     * RESUME) opens whose token is returned once. More than
     * `max_sessions_per_inquiry` sessions is `RESOURCE_EXHAUSTED`.
     * </pre>
     */
    public void resumeInquiry(dev.verilink.v1.ResumeInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ResumeInquiryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResumeInquiryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Expires an inquiry in CREATED or PENDING now: all its sessions expire and
     * its pending links expire.
     * </pre>
     */
    public void expireInquiry(dev.verilink.v1.ExpireInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ExpireInquiryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getExpireInquiryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Approves an inquiry in CREATED, PENDING, COMPLETED, FAILED or
     * NEEDS_REVIEW: sets `decision_time` and `reviewer_comment`, expires its
     * sessions and revokes its links.
     * </pre>
     */
    public void approveInquiry(dev.verilink.v1.ApproveInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ApproveInquiryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getApproveInquiryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Declines an inquiry in CREATED, PENDING, COMPLETED, FAILED or
     * NEEDS_REVIEW: sets `decision_time` and `reviewer_comment`, expires its
     * sessions and revokes its links.
     * </pre>
     */
    public void declineInquiry(dev.verilink.v1.DeclineInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.DeclineInquiryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeclineInquiryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Moves an inquiry in PENDING, COMPLETED or FAILED to NEEDS_REVIEW and
     * sets `mark_for_review_time` and `reviewer_comment`.
     * </pre>
     */
    public void markInquiryForReview(dev.verilink.v1.MarkInquiryForReviewRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.MarkInquiryForReviewResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getMarkInquiryForReviewMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Adds one tag; adding a tag the inquiry already has changes nothing.
     * </pre>
     */
    public void addInquiryTag(dev.verilink.v1.AddInquiryTagRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.AddInquiryTagResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAddInquiryTagMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes one tag; removing a tag the inquiry does not have changes
     * nothing.
     * </pre>
     */
    public void removeInquiryTag(dev.verilink.v1.RemoveInquiryTagRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RemoveInquiryTagResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRemoveInquiryTagMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Replaces all tags of the inquiry.
     * </pre>
     */
    public void setInquiryTags(dev.verilink.v1.SetInquiryTagsRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.SetInquiryTagsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetInquiryTagsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Redacts an inquiry in any status: wipes its PII (fields, note, tags),
     * revokes its links, expires its sessions and sets `redact_time`. The status
     * is unchanged; later mutations are `FAILED_PRECONDITION`.
     * </pre>
     */
    public void redactInquiry(dev.verilink.v1.RedactInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.RedactInquiryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRedactInquiryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns everything held about the inquiry (the inquiry, its sessions, its
     * links without secrets, and its events) as one JSON document, for data
     * subject access requests.
     * </pre>
     */
    public void exportInquiry(dev.verilink.v1.ExportInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.ExportInquiryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getExportInquiryMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sandbox only (live keys get `FAILED_PRECONDITION`): simulates an
     * end-user or clock action on the inquiry, following the same status rules
     * as the real action.
     * </pre>
     */
    public void simulateInquiryAction(dev.verilink.v1.SimulateInquiryActionRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.SimulateInquiryActionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSimulateInquiryActionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Streams the inquiry's events as they commit, on whichever server replica
     * the change happened. Events after `after_event_id` are replayed first, so
     * a reconnecting client that passes the last id it saw misses nothing.
     * </pre>
     */
    public void watchInquiry(dev.verilink.v1.WatchInquiryRequest request,
        io.grpc.stub.StreamObserver<dev.verilink.v1.WatchInquiryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchInquiryMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service InquiryService.
   * <pre>
   * Manages inquiries: one identity-verification case for one end user, made
   * from a template and worked on through sessions.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Inquiries are
   * scoped to the key's organization and environment; anything outside is
   * `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata entry (at
   * most 255 characters): for 24 hours the same key with the same request
   * replays the stored response; with a different request it is
   * `INVALID_ARGUMENT` (`IDEMPOTENCY_KEY_REUSED`); while the first call is still
   * running, `ABORTED`.
   * Status changes follow the table documented on `InquiryStatus`; any other
   * transition is `FAILED_PRECONDITION`. Once an inquiry is redacted, every
   * mutation except RedactInquiry itself is `FAILED_PRECONDITION`. Every change
   * writes an `Event` in the same transaction.
   * </pre>
   */
  public static final class InquiryServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<InquiryServiceBlockingV2Stub> {
    private InquiryServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected InquiryServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new InquiryServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an inquiry in CREATED from a template, copying the template's
     * settings; `expires_at` = now + `expire_after_create`. With
     * `create_one_time_link`, a link is generated in the same call.
     * Errors: `FAILED_PRECONDITION` if the template is archived;
     * `INVALID_ARGUMENT` if a limit is exceeded.
     * </pre>
     */
    public dev.verilink.v1.CreateInquiryResponse createInquiry(dev.verilink.v1.CreateInquiryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one inquiry by id.
     * </pre>
     */
    public dev.verilink.v1.GetInquiryResponse getInquiry(dev.verilink.v1.GetInquiryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists inquiries, newest first, optionally filtered. All set filters must
     * match.
     * </pre>
     */
    public dev.verilink.v1.ListInquiriesResponse listInquiries(dev.verilink.v1.ListInquiriesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListInquiriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask`. Only `note`, `fields`, `tags`
     * and `reference_id` may be updated (`INVALID_ARGUMENT` otherwise).
     * </pre>
     */
    public dev.verilink.v1.UpdateInquiryResponse updateInquiry(dev.verilink.v1.UpdateInquiryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Resumes an inquiry in CREATED, PENDING or EXPIRED: it moves to PENDING,
     * `expires_at` = now + `expire_after_resume`, and a new session (origin
     * RESUME) opens whose token is returned once. More than
     * `max_sessions_per_inquiry` sessions is `RESOURCE_EXHAUSTED`.
     * </pre>
     */
    public dev.verilink.v1.ResumeInquiryResponse resumeInquiry(dev.verilink.v1.ResumeInquiryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getResumeInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Expires an inquiry in CREATED or PENDING now: all its sessions expire and
     * its pending links expire.
     * </pre>
     */
    public dev.verilink.v1.ExpireInquiryResponse expireInquiry(dev.verilink.v1.ExpireInquiryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getExpireInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Approves an inquiry in CREATED, PENDING, COMPLETED, FAILED or
     * NEEDS_REVIEW: sets `decision_time` and `reviewer_comment`, expires its
     * sessions and revokes its links.
     * </pre>
     */
    public dev.verilink.v1.ApproveInquiryResponse approveInquiry(dev.verilink.v1.ApproveInquiryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getApproveInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Declines an inquiry in CREATED, PENDING, COMPLETED, FAILED or
     * NEEDS_REVIEW: sets `decision_time` and `reviewer_comment`, expires its
     * sessions and revokes its links.
     * </pre>
     */
    public dev.verilink.v1.DeclineInquiryResponse declineInquiry(dev.verilink.v1.DeclineInquiryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeclineInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Moves an inquiry in PENDING, COMPLETED or FAILED to NEEDS_REVIEW and
     * sets `mark_for_review_time` and `reviewer_comment`.
     * </pre>
     */
    public dev.verilink.v1.MarkInquiryForReviewResponse markInquiryForReview(dev.verilink.v1.MarkInquiryForReviewRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getMarkInquiryForReviewMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Adds one tag; adding a tag the inquiry already has changes nothing.
     * </pre>
     */
    public dev.verilink.v1.AddInquiryTagResponse addInquiryTag(dev.verilink.v1.AddInquiryTagRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAddInquiryTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes one tag; removing a tag the inquiry does not have changes
     * nothing.
     * </pre>
     */
    public dev.verilink.v1.RemoveInquiryTagResponse removeInquiryTag(dev.verilink.v1.RemoveInquiryTagRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRemoveInquiryTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Replaces all tags of the inquiry.
     * </pre>
     */
    public dev.verilink.v1.SetInquiryTagsResponse setInquiryTags(dev.verilink.v1.SetInquiryTagsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetInquiryTagsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Redacts an inquiry in any status: wipes its PII (fields, note, tags),
     * revokes its links, expires its sessions and sets `redact_time`. The status
     * is unchanged; later mutations are `FAILED_PRECONDITION`.
     * </pre>
     */
    public dev.verilink.v1.RedactInquiryResponse redactInquiry(dev.verilink.v1.RedactInquiryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRedactInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns everything held about the inquiry (the inquiry, its sessions, its
     * links without secrets, and its events) as one JSON document, for data
     * subject access requests.
     * </pre>
     */
    public dev.verilink.v1.ExportInquiryResponse exportInquiry(dev.verilink.v1.ExportInquiryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getExportInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sandbox only (live keys get `FAILED_PRECONDITION`): simulates an
     * end-user or clock action on the inquiry, following the same status rules
     * as the real action.
     * </pre>
     */
    public dev.verilink.v1.SimulateInquiryActionResponse simulateInquiryAction(dev.verilink.v1.SimulateInquiryActionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSimulateInquiryActionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams the inquiry's events as they commit, on whichever server replica
     * the change happened. Events after `after_event_id` are replayed first, so
     * a reconnecting client that passes the last id it saw misses nothing.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, dev.verilink.v1.WatchInquiryResponse>
        watchInquiry(dev.verilink.v1.WatchInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getWatchInquiryMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service InquiryService.
   * <pre>
   * Manages inquiries: one identity-verification case for one end user, made
   * from a template and worked on through sessions.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Inquiries are
   * scoped to the key's organization and environment; anything outside is
   * `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata entry (at
   * most 255 characters): for 24 hours the same key with the same request
   * replays the stored response; with a different request it is
   * `INVALID_ARGUMENT` (`IDEMPOTENCY_KEY_REUSED`); while the first call is still
   * running, `ABORTED`.
   * Status changes follow the table documented on `InquiryStatus`; any other
   * transition is `FAILED_PRECONDITION`. Once an inquiry is redacted, every
   * mutation except RedactInquiry itself is `FAILED_PRECONDITION`. Every change
   * writes an `Event` in the same transaction.
   * </pre>
   */
  public static final class InquiryServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<InquiryServiceBlockingStub> {
    private InquiryServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected InquiryServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new InquiryServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an inquiry in CREATED from a template, copying the template's
     * settings; `expires_at` = now + `expire_after_create`. With
     * `create_one_time_link`, a link is generated in the same call.
     * Errors: `FAILED_PRECONDITION` if the template is archived;
     * `INVALID_ARGUMENT` if a limit is exceeded.
     * </pre>
     */
    public dev.verilink.v1.CreateInquiryResponse createInquiry(dev.verilink.v1.CreateInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one inquiry by id.
     * </pre>
     */
    public dev.verilink.v1.GetInquiryResponse getInquiry(dev.verilink.v1.GetInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists inquiries, newest first, optionally filtered. All set filters must
     * match.
     * </pre>
     */
    public dev.verilink.v1.ListInquiriesResponse listInquiries(dev.verilink.v1.ListInquiriesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListInquiriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask`. Only `note`, `fields`, `tags`
     * and `reference_id` may be updated (`INVALID_ARGUMENT` otherwise).
     * </pre>
     */
    public dev.verilink.v1.UpdateInquiryResponse updateInquiry(dev.verilink.v1.UpdateInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Resumes an inquiry in CREATED, PENDING or EXPIRED: it moves to PENDING,
     * `expires_at` = now + `expire_after_resume`, and a new session (origin
     * RESUME) opens whose token is returned once. More than
     * `max_sessions_per_inquiry` sessions is `RESOURCE_EXHAUSTED`.
     * </pre>
     */
    public dev.verilink.v1.ResumeInquiryResponse resumeInquiry(dev.verilink.v1.ResumeInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResumeInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Expires an inquiry in CREATED or PENDING now: all its sessions expire and
     * its pending links expire.
     * </pre>
     */
    public dev.verilink.v1.ExpireInquiryResponse expireInquiry(dev.verilink.v1.ExpireInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getExpireInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Approves an inquiry in CREATED, PENDING, COMPLETED, FAILED or
     * NEEDS_REVIEW: sets `decision_time` and `reviewer_comment`, expires its
     * sessions and revokes its links.
     * </pre>
     */
    public dev.verilink.v1.ApproveInquiryResponse approveInquiry(dev.verilink.v1.ApproveInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getApproveInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Declines an inquiry in CREATED, PENDING, COMPLETED, FAILED or
     * NEEDS_REVIEW: sets `decision_time` and `reviewer_comment`, expires its
     * sessions and revokes its links.
     * </pre>
     */
    public dev.verilink.v1.DeclineInquiryResponse declineInquiry(dev.verilink.v1.DeclineInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeclineInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Moves an inquiry in PENDING, COMPLETED or FAILED to NEEDS_REVIEW and
     * sets `mark_for_review_time` and `reviewer_comment`.
     * </pre>
     */
    public dev.verilink.v1.MarkInquiryForReviewResponse markInquiryForReview(dev.verilink.v1.MarkInquiryForReviewRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getMarkInquiryForReviewMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Adds one tag; adding a tag the inquiry already has changes nothing.
     * </pre>
     */
    public dev.verilink.v1.AddInquiryTagResponse addInquiryTag(dev.verilink.v1.AddInquiryTagRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAddInquiryTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes one tag; removing a tag the inquiry does not have changes
     * nothing.
     * </pre>
     */
    public dev.verilink.v1.RemoveInquiryTagResponse removeInquiryTag(dev.verilink.v1.RemoveInquiryTagRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRemoveInquiryTagMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Replaces all tags of the inquiry.
     * </pre>
     */
    public dev.verilink.v1.SetInquiryTagsResponse setInquiryTags(dev.verilink.v1.SetInquiryTagsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetInquiryTagsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Redacts an inquiry in any status: wipes its PII (fields, note, tags),
     * revokes its links, expires its sessions and sets `redact_time`. The status
     * is unchanged; later mutations are `FAILED_PRECONDITION`.
     * </pre>
     */
    public dev.verilink.v1.RedactInquiryResponse redactInquiry(dev.verilink.v1.RedactInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRedactInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns everything held about the inquiry (the inquiry, its sessions, its
     * links without secrets, and its events) as one JSON document, for data
     * subject access requests.
     * </pre>
     */
    public dev.verilink.v1.ExportInquiryResponse exportInquiry(dev.verilink.v1.ExportInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getExportInquiryMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sandbox only (live keys get `FAILED_PRECONDITION`): simulates an
     * end-user or clock action on the inquiry, following the same status rules
     * as the real action.
     * </pre>
     */
    public dev.verilink.v1.SimulateInquiryActionResponse simulateInquiryAction(dev.verilink.v1.SimulateInquiryActionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSimulateInquiryActionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams the inquiry's events as they commit, on whichever server replica
     * the change happened. Events after `after_event_id` are replayed first, so
     * a reconnecting client that passes the last id it saw misses nothing.
     * </pre>
     */
    public java.util.Iterator<dev.verilink.v1.WatchInquiryResponse> watchInquiry(
        dev.verilink.v1.WatchInquiryRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchInquiryMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service InquiryService.
   * <pre>
   * Manages inquiries: one identity-verification case for one end user, made
   * from a template and worked on through sessions.
   * Management plane: requires `authorization: Bearer &lt;api key&gt;`. Inquiries are
   * scoped to the key's organization and environment; anything outside is
   * `NOT_FOUND`. Mutating calls accept an `idempotency-key` metadata entry (at
   * most 255 characters): for 24 hours the same key with the same request
   * replays the stored response; with a different request it is
   * `INVALID_ARGUMENT` (`IDEMPOTENCY_KEY_REUSED`); while the first call is still
   * running, `ABORTED`.
   * Status changes follow the table documented on `InquiryStatus`; any other
   * transition is `FAILED_PRECONDITION`. Once an inquiry is redacted, every
   * mutation except RedactInquiry itself is `FAILED_PRECONDITION`. Every change
   * writes an `Event` in the same transaction.
   * </pre>
   */
  public static final class InquiryServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<InquiryServiceFutureStub> {
    private InquiryServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected InquiryServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new InquiryServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an inquiry in CREATED from a template, copying the template's
     * settings; `expires_at` = now + `expire_after_create`. With
     * `create_one_time_link`, a link is generated in the same call.
     * Errors: `FAILED_PRECONDITION` if the template is archived;
     * `INVALID_ARGUMENT` if a limit is exceeded.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.CreateInquiryResponse> createInquiry(
        dev.verilink.v1.CreateInquiryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateInquiryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns one inquiry by id.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.GetInquiryResponse> getInquiry(
        dev.verilink.v1.GetInquiryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetInquiryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists inquiries, newest first, optionally filtered. All set filters must
     * match.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ListInquiriesResponse> listInquiries(
        dev.verilink.v1.ListInquiriesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListInquiriesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates the fields named in `update_mask`. Only `note`, `fields`, `tags`
     * and `reference_id` may be updated (`INVALID_ARGUMENT` otherwise).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.UpdateInquiryResponse> updateInquiry(
        dev.verilink.v1.UpdateInquiryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateInquiryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Resumes an inquiry in CREATED, PENDING or EXPIRED: it moves to PENDING,
     * `expires_at` = now + `expire_after_resume`, and a new session (origin
     * RESUME) opens whose token is returned once. More than
     * `max_sessions_per_inquiry` sessions is `RESOURCE_EXHAUSTED`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ResumeInquiryResponse> resumeInquiry(
        dev.verilink.v1.ResumeInquiryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResumeInquiryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Expires an inquiry in CREATED or PENDING now: all its sessions expire and
     * its pending links expire.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ExpireInquiryResponse> expireInquiry(
        dev.verilink.v1.ExpireInquiryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getExpireInquiryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Approves an inquiry in CREATED, PENDING, COMPLETED, FAILED or
     * NEEDS_REVIEW: sets `decision_time` and `reviewer_comment`, expires its
     * sessions and revokes its links.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ApproveInquiryResponse> approveInquiry(
        dev.verilink.v1.ApproveInquiryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getApproveInquiryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Declines an inquiry in CREATED, PENDING, COMPLETED, FAILED or
     * NEEDS_REVIEW: sets `decision_time` and `reviewer_comment`, expires its
     * sessions and revokes its links.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.DeclineInquiryResponse> declineInquiry(
        dev.verilink.v1.DeclineInquiryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeclineInquiryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Moves an inquiry in PENDING, COMPLETED or FAILED to NEEDS_REVIEW and
     * sets `mark_for_review_time` and `reviewer_comment`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.MarkInquiryForReviewResponse> markInquiryForReview(
        dev.verilink.v1.MarkInquiryForReviewRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getMarkInquiryForReviewMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Adds one tag; adding a tag the inquiry already has changes nothing.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.AddInquiryTagResponse> addInquiryTag(
        dev.verilink.v1.AddInquiryTagRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAddInquiryTagMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes one tag; removing a tag the inquiry does not have changes
     * nothing.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.RemoveInquiryTagResponse> removeInquiryTag(
        dev.verilink.v1.RemoveInquiryTagRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRemoveInquiryTagMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Replaces all tags of the inquiry.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.SetInquiryTagsResponse> setInquiryTags(
        dev.verilink.v1.SetInquiryTagsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetInquiryTagsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Redacts an inquiry in any status: wipes its PII (fields, note, tags),
     * revokes its links, expires its sessions and sets `redact_time`. The status
     * is unchanged; later mutations are `FAILED_PRECONDITION`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.RedactInquiryResponse> redactInquiry(
        dev.verilink.v1.RedactInquiryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRedactInquiryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns everything held about the inquiry (the inquiry, its sessions, its
     * links without secrets, and its events) as one JSON document, for data
     * subject access requests.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.ExportInquiryResponse> exportInquiry(
        dev.verilink.v1.ExportInquiryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getExportInquiryMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sandbox only (live keys get `FAILED_PRECONDITION`): simulates an
     * end-user or clock action on the inquiry, following the same status rules
     * as the real action.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.verilink.v1.SimulateInquiryActionResponse> simulateInquiryAction(
        dev.verilink.v1.SimulateInquiryActionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSimulateInquiryActionMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_INQUIRY = 0;
  private static final int METHODID_GET_INQUIRY = 1;
  private static final int METHODID_LIST_INQUIRIES = 2;
  private static final int METHODID_UPDATE_INQUIRY = 3;
  private static final int METHODID_RESUME_INQUIRY = 4;
  private static final int METHODID_EXPIRE_INQUIRY = 5;
  private static final int METHODID_APPROVE_INQUIRY = 6;
  private static final int METHODID_DECLINE_INQUIRY = 7;
  private static final int METHODID_MARK_INQUIRY_FOR_REVIEW = 8;
  private static final int METHODID_ADD_INQUIRY_TAG = 9;
  private static final int METHODID_REMOVE_INQUIRY_TAG = 10;
  private static final int METHODID_SET_INQUIRY_TAGS = 11;
  private static final int METHODID_REDACT_INQUIRY = 12;
  private static final int METHODID_EXPORT_INQUIRY = 13;
  private static final int METHODID_SIMULATE_INQUIRY_ACTION = 14;
  private static final int METHODID_WATCH_INQUIRY = 15;

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
        case METHODID_CREATE_INQUIRY:
          serviceImpl.createInquiry((dev.verilink.v1.CreateInquiryRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.CreateInquiryResponse>) responseObserver);
          break;
        case METHODID_GET_INQUIRY:
          serviceImpl.getInquiry((dev.verilink.v1.GetInquiryRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.GetInquiryResponse>) responseObserver);
          break;
        case METHODID_LIST_INQUIRIES:
          serviceImpl.listInquiries((dev.verilink.v1.ListInquiriesRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ListInquiriesResponse>) responseObserver);
          break;
        case METHODID_UPDATE_INQUIRY:
          serviceImpl.updateInquiry((dev.verilink.v1.UpdateInquiryRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.UpdateInquiryResponse>) responseObserver);
          break;
        case METHODID_RESUME_INQUIRY:
          serviceImpl.resumeInquiry((dev.verilink.v1.ResumeInquiryRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ResumeInquiryResponse>) responseObserver);
          break;
        case METHODID_EXPIRE_INQUIRY:
          serviceImpl.expireInquiry((dev.verilink.v1.ExpireInquiryRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ExpireInquiryResponse>) responseObserver);
          break;
        case METHODID_APPROVE_INQUIRY:
          serviceImpl.approveInquiry((dev.verilink.v1.ApproveInquiryRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ApproveInquiryResponse>) responseObserver);
          break;
        case METHODID_DECLINE_INQUIRY:
          serviceImpl.declineInquiry((dev.verilink.v1.DeclineInquiryRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.DeclineInquiryResponse>) responseObserver);
          break;
        case METHODID_MARK_INQUIRY_FOR_REVIEW:
          serviceImpl.markInquiryForReview((dev.verilink.v1.MarkInquiryForReviewRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.MarkInquiryForReviewResponse>) responseObserver);
          break;
        case METHODID_ADD_INQUIRY_TAG:
          serviceImpl.addInquiryTag((dev.verilink.v1.AddInquiryTagRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.AddInquiryTagResponse>) responseObserver);
          break;
        case METHODID_REMOVE_INQUIRY_TAG:
          serviceImpl.removeInquiryTag((dev.verilink.v1.RemoveInquiryTagRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.RemoveInquiryTagResponse>) responseObserver);
          break;
        case METHODID_SET_INQUIRY_TAGS:
          serviceImpl.setInquiryTags((dev.verilink.v1.SetInquiryTagsRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.SetInquiryTagsResponse>) responseObserver);
          break;
        case METHODID_REDACT_INQUIRY:
          serviceImpl.redactInquiry((dev.verilink.v1.RedactInquiryRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.RedactInquiryResponse>) responseObserver);
          break;
        case METHODID_EXPORT_INQUIRY:
          serviceImpl.exportInquiry((dev.verilink.v1.ExportInquiryRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.ExportInquiryResponse>) responseObserver);
          break;
        case METHODID_SIMULATE_INQUIRY_ACTION:
          serviceImpl.simulateInquiryAction((dev.verilink.v1.SimulateInquiryActionRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.SimulateInquiryActionResponse>) responseObserver);
          break;
        case METHODID_WATCH_INQUIRY:
          serviceImpl.watchInquiry((dev.verilink.v1.WatchInquiryRequest) request,
              (io.grpc.stub.StreamObserver<dev.verilink.v1.WatchInquiryResponse>) responseObserver);
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
          getCreateInquiryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.CreateInquiryRequest,
              dev.verilink.v1.CreateInquiryResponse>(
                service, METHODID_CREATE_INQUIRY)))
        .addMethod(
          getGetInquiryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.GetInquiryRequest,
              dev.verilink.v1.GetInquiryResponse>(
                service, METHODID_GET_INQUIRY)))
        .addMethod(
          getListInquiriesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ListInquiriesRequest,
              dev.verilink.v1.ListInquiriesResponse>(
                service, METHODID_LIST_INQUIRIES)))
        .addMethod(
          getUpdateInquiryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.UpdateInquiryRequest,
              dev.verilink.v1.UpdateInquiryResponse>(
                service, METHODID_UPDATE_INQUIRY)))
        .addMethod(
          getResumeInquiryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ResumeInquiryRequest,
              dev.verilink.v1.ResumeInquiryResponse>(
                service, METHODID_RESUME_INQUIRY)))
        .addMethod(
          getExpireInquiryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ExpireInquiryRequest,
              dev.verilink.v1.ExpireInquiryResponse>(
                service, METHODID_EXPIRE_INQUIRY)))
        .addMethod(
          getApproveInquiryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ApproveInquiryRequest,
              dev.verilink.v1.ApproveInquiryResponse>(
                service, METHODID_APPROVE_INQUIRY)))
        .addMethod(
          getDeclineInquiryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.DeclineInquiryRequest,
              dev.verilink.v1.DeclineInquiryResponse>(
                service, METHODID_DECLINE_INQUIRY)))
        .addMethod(
          getMarkInquiryForReviewMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.MarkInquiryForReviewRequest,
              dev.verilink.v1.MarkInquiryForReviewResponse>(
                service, METHODID_MARK_INQUIRY_FOR_REVIEW)))
        .addMethod(
          getAddInquiryTagMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.AddInquiryTagRequest,
              dev.verilink.v1.AddInquiryTagResponse>(
                service, METHODID_ADD_INQUIRY_TAG)))
        .addMethod(
          getRemoveInquiryTagMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.RemoveInquiryTagRequest,
              dev.verilink.v1.RemoveInquiryTagResponse>(
                service, METHODID_REMOVE_INQUIRY_TAG)))
        .addMethod(
          getSetInquiryTagsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.SetInquiryTagsRequest,
              dev.verilink.v1.SetInquiryTagsResponse>(
                service, METHODID_SET_INQUIRY_TAGS)))
        .addMethod(
          getRedactInquiryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.RedactInquiryRequest,
              dev.verilink.v1.RedactInquiryResponse>(
                service, METHODID_REDACT_INQUIRY)))
        .addMethod(
          getExportInquiryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.ExportInquiryRequest,
              dev.verilink.v1.ExportInquiryResponse>(
                service, METHODID_EXPORT_INQUIRY)))
        .addMethod(
          getSimulateInquiryActionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.verilink.v1.SimulateInquiryActionRequest,
              dev.verilink.v1.SimulateInquiryActionResponse>(
                service, METHODID_SIMULATE_INQUIRY_ACTION)))
        .addMethod(
          getWatchInquiryMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              dev.verilink.v1.WatchInquiryRequest,
              dev.verilink.v1.WatchInquiryResponse>(
                service, METHODID_WATCH_INQUIRY)))
        .build();
  }

  private static abstract class InquiryServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    InquiryServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.verilink.v1.InquiryOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("InquiryService");
    }
  }

  private static final class InquiryServiceFileDescriptorSupplier
      extends InquiryServiceBaseDescriptorSupplier {
    InquiryServiceFileDescriptorSupplier() {}
  }

  private static final class InquiryServiceMethodDescriptorSupplier
      extends InquiryServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    InquiryServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (InquiryServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new InquiryServiceFileDescriptorSupplier())
              .addMethod(getCreateInquiryMethod())
              .addMethod(getGetInquiryMethod())
              .addMethod(getListInquiriesMethod())
              .addMethod(getUpdateInquiryMethod())
              .addMethod(getResumeInquiryMethod())
              .addMethod(getExpireInquiryMethod())
              .addMethod(getApproveInquiryMethod())
              .addMethod(getDeclineInquiryMethod())
              .addMethod(getMarkInquiryForReviewMethod())
              .addMethod(getAddInquiryTagMethod())
              .addMethod(getRemoveInquiryTagMethod())
              .addMethod(getSetInquiryTagsMethod())
              .addMethod(getRedactInquiryMethod())
              .addMethod(getExportInquiryMethod())
              .addMethod(getSimulateInquiryActionMethod())
              .addMethod(getWatchInquiryMethod())
              .build();
        }
      }
    }
    return result;
  }
}
