package dev.verilink.client;

import dev.verilink.v1.Actor;
import dev.verilink.v1.ActorKind;
import dev.verilink.v1.CreateInquiryRequest;
import dev.verilink.v1.Event;
import dev.verilink.v1.GetInquiryRequest;
import dev.verilink.v1.Inquiry;
import dev.verilink.v1.ListAuditEventsRequest;
import dev.verilink.v1.ListAuditEventsResponse;
import dev.verilink.v1.WebhookEvent;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The snippets of clients/java/README.md, compiled with the tests so that they stay correct (not
 * run: the contract suite is ContractTest).
 */
final class ReadmeExample {
  private ReadmeExample() {}

  static void connectAndCall(String apiKey) {
    try (VerilinkClient client =
        VerilinkClient.builder("127.0.0.1:50051")
            .apiKey(apiKey) // or .sessionToken("vls_…"), or neither
            .useTls(false) // plaintext: localhost only; TLS is the default
            .defaultDeadline(Duration.ofSeconds(10))
            .build()) {
      try {
        Inquiry inquiry =
            client
                .inquiries()
                .getInquiry(GetInquiryRequest.newBuilder().setId("inq_…").build())
                .getInquiry();
        System.out.println(inquiry.getStatus());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND
            && VerilinkClient.reason(e).equals("INQUIRY_NOT_FOUND")) {
          System.out.println("no such inquiry");
        } else {
          // e.g. UNAUTHENTICATED API_KEY_INVALID
          System.out.println(e.getStatus().getCode() + " " + VerilinkClient.reason(e));
          VerilinkClient.badRequest(e)
              .ifPresent(
                  bad ->
                      bad.getFieldViolationsList()
                          .forEach(
                              v -> System.out.println(v.getField() + ": " + v.getDescription())));
        }
      }
    }
  }

  static Inquiry createIdempotently(VerilinkClient client, CreateInquiryRequest request) {
    String key = UUID.randomUUID().toString(); // one per operation: reuse it when retrying it
    return client
        .inquiries()
        .withInterceptors(VerilinkClient.idempotencyKey(key))
        .createInquiry(request)
        .getInquiry();
  }

  /** The HTTP status to answer a webhook delivery with. */
  static int receiveWebhook(String secret, String signatureHeader, byte[] rawBody) {
    try {
      WebhookEvent event = Webhooks.verify(secret, signatureHeader, rawBody);
      // event.getId() is the same on a redelivery: process each ID once
      System.out.println(event.getType() + " " + event.getInquiryId());
      return 204;
    } catch (WebhookVerificationException e) {
      System.out.println("rejected: " + e.getReason()); // e.g. SIGNATURE_MISMATCH
      return 400;
    }
  }

  /** Who caused the change a verified webhook event reports. */
  static void printActor(WebhookEvent event) {
    Actor actor = event.getActor(); // dev.verilink.v1.Actor
    if (actor.getKind() == ActorKind.ACTOR_KIND_API_KEY) {
      // key_… bootstrap <the call's x-request-id>
      System.out.println(actor.getId() + " " + actor.getDisplayName() + " " + actor.getRequestId());
    }
  }

  /** The HTTP status to answer a delivery of a Persona-format webhook with. */
  static int receivePersonaWebhook(String secret, String signatureHeader, byte[] rawBody) {
    try {
      PersonaEvent event = Webhooks.verifyPersona(secret, signatureHeader, rawBody);
      if (event.getName().equals("inquiry.approved")) {
        String referenceId =
            event.getSubjectAttributes().getFieldsOrThrow("reference-id").getStringValue();
        System.out.println(event.getSubjectId() + " approved, user " + referenceId);
      }
      return 204;
    } catch (WebhookVerificationException e) {
      return 400; // e.getReason() says why
    }
  }

  static WebhookEvent verifyDuringRotation(
      String newSecret, String oldSecret, String signatureHeader, byte[] rawBody)
      throws WebhookVerificationException {
    return Webhooks.verify(
        List.of(newSecret, oldSecret), signatureHeader, rawBody, Webhooks.DEFAULT_TOLERANCE);
  }

  static void auditLog(VerilinkClient client, String inquiryId) {
    ListAuditEventsRequest.Builder request =
        ListAuditEventsRequest.newBuilder()
            .setInquiryId(inquiryId) // this inquiry's events
            .setActorKind(ActorKind.ACTOR_KIND_API_KEY); // caused by an API key
    while (true) {
      ListAuditEventsResponse response = client.audit().listAuditEvents(request.build());
      for (Event event : response.getEventsList()) {
        System.out.println(
            event.getCreateTime().getSeconds()
                + " "
                + event.getName()
                + " "
                + event.getActor().getDisplayName());
      }
      if (response.getNextPageToken().isEmpty()) {
        break;
      }
      request.setPageToken(response.getNextPageToken());
    }
  }

  static void requestId(VerilinkClient client, CreateInquiryRequest request) {
    Metadata.Key<String> requestIdKey =
        Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    Metadata sent = new Metadata();
    sent.put(requestIdKey, "signup-42");
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    client
        .inquiries()
        .withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(sent),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
        .createInquiry(request);
    System.out.println(headers.get().get(requestIdKey)); // signup-42
  }

  static void follow(VerilinkClient client, String inquiryId) {
    try (InquiryWatch watch = client.watchInquiry(inquiryId)) {
      while (watch.hasNext()) { // false after inquiry.redacted, or once closed
        Event event = watch.next();
        System.out.println(event.getName() + " " + event.getId());
      }
    }
  }

  static VerilinkClient withRetries(String apiKey) {
    return VerilinkClient.builder("verilink.example.com:443")
        .apiKey(apiKey)
        .retries(true) // reads and idempotency-keyed calls, on UNAVAILABLE and key-in-use
        .defaultDeadline(Duration.ofSeconds(10)) // bounds all the attempts of a call
        .build();
  }
}
