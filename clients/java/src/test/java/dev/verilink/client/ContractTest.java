package dev.verilink.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.verilink.v1.Actor;
import dev.verilink.v1.ActorKind;
import dev.verilink.v1.CreateInquiryRequest;
import dev.verilink.v1.CreateInquiryResponse;
import dev.verilink.v1.Date;
import dev.verilink.v1.Event;
import dev.verilink.v1.FieldValue;
import dev.verilink.v1.GenerateOneTimeLinkRequest;
import dev.verilink.v1.GenerateOneTimeLinkResponse;
import dev.verilink.v1.GetCurrentSessionRequest;
import dev.verilink.v1.GetCurrentSessionResponse;
import dev.verilink.v1.GetInquiryRequest;
import dev.verilink.v1.Inquiry;
import dev.verilink.v1.InquiryServiceGrpc;
import dev.verilink.v1.InquiryStatus;
import dev.verilink.v1.ListAuditEventsRequest;
import dev.verilink.v1.ListAuditEventsResponse;
import dev.verilink.v1.ListInquiriesRequest;
import dev.verilink.v1.ListInquiriesResponse;
import dev.verilink.v1.ListInquiryTemplatesRequest;
import dev.verilink.v1.OneTimeLinkStatus;
import dev.verilink.v1.RedeemOneTimeLinkRequest;
import dev.verilink.v1.RedeemOneTimeLinkResponse;
import dev.verilink.v1.SandboxOutcome;
import dev.verilink.v1.SubmitSessionRequest;
import dev.verilink.v1.SubmitSessionResponse;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/**
 * The client contract scenario, run in order against a real server started by clients/with-server
 * (VERILINK_ADDR, VERILINK_API_KEY): {@code clients/with-server clients/java/test}. Each step
 * builds on the previous ones, so a step whose predecessor failed is skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractTest {
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

  private String addr;
  private VerilinkClient client;

  private final String referenceId = "java-contract-" + UUID.randomUUID();
  private final Map<String, FieldValue> fields =
      Map.of(
          "name_first",
          FieldValue.newBuilder().setStringValue("Ada").build(),
          "birthdate",
          FieldValue.newBuilder()
              .setDateValue(Date.newBuilder().setYear(1990).setMonth(12).setDay(10))
              .build());

  private String templateId;
  private String inquiryId;
  private String code;
  private String sessionToken;
  private boolean currentSessionChecked;

  @BeforeAll
  void connect() {
    addr = TestEnv.addr();
    client = TestEnv.client();
  }

  @AfterAll
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private VerilinkClient.Builder plaintext() {
    return TestEnv.plaintext(addr);
  }

  @Test
  @Order(1)
  @DisplayName("1 health: \"\" and verilink.v1.InquiryService are SERVING")
  void health() {
    for (String service : new String[] {"", "verilink.v1.InquiryService"}) {
      HealthCheckResponse response =
          client.health().check(HealthCheckRequest.newBuilder().setService(service).build());
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, response.getStatus(), service);
    }
  }

  @Test
  @Order(2)
  @DisplayName("2 ListInquiryTemplates has the template KYC")
  void listTemplates() {
    templateId = TestEnv.kycTemplateId(client);
    assertTrue(templateId.startsWith("itmpl_"), templateId);
  }

  @Test
  @Order(3)
  @DisplayName("3 CreateInquiry with an idempotency key, GetInquiry, replay")
  void createInquiry() {
    assumeTrue(templateId != null, "step 2 failed");
    CreateInquiryRequest request =
        CreateInquiryRequest.newBuilder()
            .setInquiry(
                Inquiry.newBuilder()
                    .setInquiryTemplateId(templateId)
                    .setReferenceId(referenceId)
                    .putAllFields(fields))
            .build();
    InquiryServiceGrpc.InquiryServiceBlockingStub idempotent =
        client
            .inquiries()
            .withInterceptors(VerilinkClient.idempotencyKey(UUID.randomUUID().toString()));

    CreateInquiryResponse created = idempotent.createInquiry(request);
    String id = created.getInquiry().getId();
    assertTrue(id.startsWith("inq_"), id);

    Inquiry got =
        client
            .inquiries()
            .getInquiry(GetInquiryRequest.newBuilder().setId(id).build())
            .getInquiry();
    assertEquals(id, got.getId());
    assertEquals(InquiryStatus.INQUIRY_STATUS_CREATED, got.getStatus());
    assertEquals(referenceId, got.getReferenceId());
    assertEquals(templateId, got.getInquiryTemplateId());
    assertEquals(fields, got.getFieldsMap());

    CreateInquiryResponse replayed = idempotent.createInquiry(request);
    assertEquals(id, replayed.getInquiry().getId(), "the replay created another inquiry");
    inquiryId = id;
  }

  @Test
  @Order(4)
  @DisplayName("4 ListInquiries by reference_id finds exactly that inquiry")
  void listInquiries() {
    assumeTrue(inquiryId != null, "step 3 failed");
    ListInquiriesResponse response =
        client
            .inquiries()
            .listInquiries(ListInquiriesRequest.newBuilder().setReferenceId(referenceId).build());
    assertEquals(1, response.getInquiriesCount(), response.toString());
    assertEquals(inquiryId, response.getInquiries(0).getId());
  }

  @Test
  @Order(5)
  @DisplayName("5 GenerateOneTimeLink returns code, url and short_url")
  void generateLink() {
    assumeTrue(inquiryId != null, "step 3 failed");
    GenerateOneTimeLinkResponse response =
        client
            .oneTimeLinks()
            .generateOneTimeLink(
                GenerateOneTimeLinkRequest.newBuilder().setInquiryId(inquiryId).build());
    assertTrue(!response.getCode().isEmpty(), "code");
    assertTrue(!response.getUrl().isEmpty(), "url");
    assertTrue(!response.getShortUrl().isEmpty(), "short_url");
    assertEquals(
        OneTimeLinkStatus.ONE_TIME_LINK_STATUS_PENDING, response.getOneTimeLink().getStatus());
    code = response.getCode();
  }

  @Test
  @Order(6)
  @DisplayName("6 RedeemOneTimeLink without credential returns a session token")
  void redeem() {
    assumeTrue(code != null, "step 5 failed");
    try (VerilinkClient anonymous = plaintext().build()) {
      RedeemOneTimeLinkResponse response =
          anonymous
              .oneTimeLinks()
              .redeemOneTimeLink(RedeemOneTimeLinkRequest.newBuilder().setCode(code).build());
      assertTrue(response.getSessionToken().startsWith("vls_"), "session token");
      assertEquals(inquiryId, response.getSession().getInquiryId());
      sessionToken = response.getSessionToken();
    }
  }

  @Test
  @Order(7)
  @DisplayName("7 GetCurrentSession with the session token: PENDING, template KYC")
  void currentSession() {
    assumeTrue(sessionToken != null, "step 6 failed");
    try (VerilinkClient endUser = plaintext().sessionToken(sessionToken).build()) {
      GetCurrentSessionResponse response =
          endUser.sessions().getCurrentSession(GetCurrentSessionRequest.getDefaultInstance());
      assertEquals(InquiryStatus.INQUIRY_STATUS_PENDING, response.getInquiryStatus());
      assertEquals("KYC", response.getInquiryTemplateName());
      assertEquals(inquiryId, response.getSession().getInquiryId());
      currentSessionChecked = true;
    }
  }

  @Test
  @Order(8)
  @DisplayName("8 SubmitSession PASS completes the inquiry; GetInquiry agrees")
  void submit() {
    assumeTrue(currentSessionChecked, "step 7 failed");
    InquiryStatus submitted;
    try (VerilinkClient endUser = plaintext().sessionToken(sessionToken).build()) {
      SubmitSessionResponse response =
          endUser
              .sessions()
              .submitSession(
                  SubmitSessionRequest.newBuilder()
                      .putAllFields(requiredAnswers())
                      .setSandboxOutcome(SandboxOutcome.SANDBOX_OUTCOME_PASS)
                      .build());
      submitted = response.getInquiryStatus();
    }
    assertTrue(
        submitted == InquiryStatus.INQUIRY_STATUS_COMPLETED
            || submitted == InquiryStatus.INQUIRY_STATUS_APPROVED,
        "inquiry status after submit: " + submitted);
    Inquiry got =
        client
            .inquiries()
            .getInquiry(GetInquiryRequest.newBuilder().setId(inquiryId).build())
            .getInquiry();
    assertEquals(submitted, got.getStatus());
  }

  @Test
  @Order(9)
  @DisplayName("9 errors carry their code, ErrorInfo reason and BadRequest")
  void errors() {
    StatusRuntimeException invalid =
        expectError(
            Status.Code.INVALID_ARGUMENT,
            "INVALID_ARGUMENT",
            () ->
                client
                    .inquiries()
                    .getInquiry(GetInquiryRequest.newBuilder().setId("bogus").build()));
    BadRequest badRequest =
        VerilinkClient.badRequest(invalid).orElseThrow(() -> new AssertionError("no BadRequest"));
    assertTrue(
        badRequest.getFieldViolationsList().stream().anyMatch(v -> v.getField().equals("id")),
        "no field violation for id: " + badRequest);

    expectError(
        Status.Code.NOT_FOUND,
        "INQUIRY_NOT_FOUND",
        () ->
            client
                .inquiries()
                .getInquiry(
                    GetInquiryRequest.newBuilder().setId("inq_000000000000000000000000").build()));

    try (VerilinkClient unknown = plaintext().apiKey("vlk_sandbox_" + "A".repeat(32)).build()) {
      expectError(
          Status.Code.UNAUTHENTICATED,
          "API_KEY_INVALID",
          () ->
              unknown
                  .templates()
                  .listInquiryTemplates(ListInquiryTemplatesRequest.getDefaultInstance()));
    }
  }

  @Test
  @Order(10)
  @DisplayName("10 the default deadline applies per call unless the stub sets one")
  void defaultDeadline() {
    try (VerilinkClient hurried =
        VerilinkClient.builder(addr)
            .useTls(false)
            .apiKey(TestEnv.apiKey())
            .defaultDeadline(Duration.ofNanos(1))
            .build()) {
      StatusRuntimeException error =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  hurried
                      .templates()
                      .listInquiryTemplates(ListInquiryTemplatesRequest.getDefaultInstance()));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, error.getStatus().getCode(), error.toString());
      assertEquals("", VerilinkClient.reason(error));
      hurried
          .templates()
          .withDeadlineAfter(TestEnv.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .listInquiryTemplates(ListInquiryTemplatesRequest.getDefaultInstance());
    }
  }

  @Test
  @Order(11)
  @DisplayName(
      "11 x-request-id comes back in the response headers and is the audit log's actor request ID")
  void requestIdAndAuditActor() {
    String requestId = "java-contract-" + UUID.randomUUID();
    Metadata sent = new Metadata();
    sent.put(REQUEST_ID, requestId);
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    String id =
        client
            .inquiries()
            .withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(sent),
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
            .createInquiry(TestEnv.newInquiry(TestEnv.kycTemplateId(client), "java-audit"))
            .getInquiry()
            .getId();
    assertEquals(requestId, headers.get().get(REQUEST_ID), headers.get().toString());

    ListAuditEventsResponse response =
        client
            .audit()
            .listAuditEvents(ListAuditEventsRequest.newBuilder().setInquiryId(id).build());
    assertTrue(
        response.getEventsCount() > 0
            && response.getEventsList().stream().allMatch(e -> e.getInquiryId().equals(id)),
        response.toString());
    Event created =
        response.getEventsList().stream()
            .filter(e -> e.getName().equals("inquiry.created"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no inquiry.created in " + response));
    Actor actor = created.getActor();
    assertEquals(ActorKind.ACTOR_KIND_API_KEY, actor.getKind(), actor.toString());
    assertEquals("bootstrap", actor.getDisplayName(), actor.toString());
    assertEquals(requestId, actor.getRequestId(), actor.toString());
    assertTrue(actor.getId().startsWith("key_"), actor.toString());

    // The filters combine: this key's inquiry.created events of that inquiry are that one event.
    ListAuditEventsResponse only =
        client
            .audit()
            .listAuditEvents(
                ListAuditEventsRequest.newBuilder()
                    .setInquiryId(id)
                    .setEventName("inquiry.created")
                    .setActorKind(ActorKind.ACTOR_KIND_API_KEY)
                    .setActorId(actor.getId())
                    .build());
    assertEquals(
        List.of(created.getId()),
        only.getEventsList().stream().map(Event::getId).toList(),
        only.toString());
  }

  /** The KYC template's required fields that step 3 did not prefill (SubmitSession checks them). */
  private static Map<String, FieldValue> requiredAnswers() {
    Map<String, FieldValue> answers = new HashMap<>();
    Map.of(
            "name_last", "Lovelace",
            "address_street_1", "12 St James's Square",
            "address_city", "London",
            "address_postal_code", "SW1Y 4JH",
            "address_country_code", "GB",
            "email_address", "ada@example.com")
        .forEach(
            (name, value) ->
                answers.put(name, FieldValue.newBuilder().setStringValue(value).build()));
    return answers;
  }

  private static StatusRuntimeException expectError(
      Status.Code code, String reason, Executable call) {
    StatusRuntimeException error = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, error.getStatus().getCode(), error.toString());
    ErrorInfo info =
        VerilinkClient.errorInfo(error)
            .orElseThrow(() -> new AssertionError("no google.rpc.ErrorInfo in " + error));
    assertEquals(reason, info.getReason());
    assertEquals(VerilinkClient.ERROR_DOMAIN, info.getDomain());
    return error;
  }
}
