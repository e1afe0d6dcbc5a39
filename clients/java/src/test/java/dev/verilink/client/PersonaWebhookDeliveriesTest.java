package dev.verilink.client;

import static dev.verilink.client.PersonaWebhooksTest.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import dev.verilink.client.WebhookVerificationException.Reason;
import dev.verilink.v1.ApproveInquiryRequest;
import dev.verilink.v1.CreateWebhookRequest;
import dev.verilink.v1.CreateWebhookResponse;
import dev.verilink.v1.DeleteWebhookRequest;
import dev.verilink.v1.GenerateOneTimeLinkRequest;
import dev.verilink.v1.Inquiry;
import dev.verilink.v1.RotateWebhookSecretRequest;
import dev.verilink.v1.Webhook;
import dev.verilink.v1.WebhookFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Webhooks.verifyPersona against deliveries of a Persona-format webhook of the real server
 * (clients/with-server) to a receiver on loopback that this test runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonaWebhookDeliveriesTest {
  private static final Duration DELIVERY_TIMEOUT = TestEnv.WAIT_LIMIT;

  /** One POST to the receiver, with its body parsed here (unverified) to find it. */
  private record Delivery(
      String personaSignature,
      String verilinkSignature,
      String eventId,
      byte[] body,
      Struct document) {}

  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private VerilinkClient client;
  private String webhookId;
  private String secret;
  private List<String> liveSecrets;

  @BeforeAll
  void createWebhook() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Struct.Builder document = Struct.newBuilder();
          try {
            JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), document);
          } catch (InvalidProtocolBufferException e) {
            // kept with an empty document: no test finds it
          }
          deliveries.add(
              new Delivery(
                  exchange.getRequestHeaders().getFirst(Webhooks.PERSONA_SIGNATURE_HEADER),
                  exchange.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER),
                  exchange.getRequestHeaders().getFirst("Verilink-Event-Id"),
                  body,
                  document.build()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    client = TestEnv.client();
    CreateWebhookResponse created =
        client
            .webhooks()
            .createWebhook(
                CreateWebhookRequest.newBuilder()
                    .setWebhook(
                        Webhook.newBuilder()
                            .setUrl("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                            .addEnabledEvents("*")
                            .setFormat(WebhookFormat.WEBHOOK_FORMAT_PERSONA))
                    .build());
    assertEquals(WebhookFormat.WEBHOOK_FORMAT_PERSONA, created.getWebhook().getFormat());
    webhookId = created.getWebhook().getId();
    secret = created.getSecret();
    liveSecrets = List.of(secret);
  }

  @AfterAll
  void deleteWebhook() {
    if (webhookId != null) {
      client.webhooks().deleteWebhook(DeleteWebhookRequest.newBuilder().setId(webhookId).build());
    }
    if (client != null) {
      client.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  @DisplayName("each delivery of an inquiry created, given a link and approved verifies")
  void verifiesRealDeliveries() throws Exception {
    Inquiry inquiry = TestEnv.createInquiry(client, "java-persona-webhook");
    String inquiryId = inquiry.getId();
    client
        .oneTimeLinks()
        .generateOneTimeLink(
            GenerateOneTimeLinkRequest.newBuilder().setInquiryId(inquiryId).build());
    client.inquiries().approveInquiry(ApproveInquiryRequest.newBuilder().setId(inquiryId).build());

    for (String name : List.of("inquiry.created", "one-time-link.created", "inquiry.approved")) {
      Delivery delivery = awaitDelivery(inquiryId, name);
      assertNull(delivery.verilinkSignature(), "no Verilink-Signature");
      PersonaEvent event =
          Webhooks.verifyPersona(secret, delivery.personaSignature(), delivery.body());
      assertEquals(name, event.getName());
      assertEquals("event", event.getType());
      assertEquals(delivery.eventId(), event.getId());
      assertTrue(event.getId().startsWith("evt_"), event.getId());
      // created-at and the t the delivery was signed at are both the server's clock: the event
      // was made before it was sent (t is whole seconds). The test's clock may be seconds away
      // from the server's: created-at is only held to within a minute of it, either way.
      long signed = Long.parseLong(delivery.personaSignature().split(",")[0].substring(2));
      assertTrue(
          !event.getCreatedAt().isAfter(Instant.ofEpochSecond(signed + 1)),
          "created " + event.getCreatedAt() + ", signed at t=" + signed);
      assertTrue(
          Duration.between(event.getCreatedAt(), Instant.now()).abs().toSeconds() < 60,
          event.toString());
      String status = event.getSubjectAttributes().getFieldsOrThrow("status").getStringValue();
      switch (name) {
        case "inquiry.created" -> {
          assertEquals("inquiry", event.getSubjectType());
          assertEquals(inquiryId, event.getSubjectId());
          assertEquals("created", status);
          assertEquals(
              inquiry.getReferenceId(),
              event.getSubjectAttributes().getFieldsOrThrow("reference-id").getStringValue());
        }
        case "one-time-link.created" -> {
          assertEquals("one-time-link", event.getSubjectType());
          assertEquals("pending", status);
        }
        default -> {
          assertEquals("inquiry", event.getSubjectType());
          assertEquals(inquiryId, event.getSubjectId());
          assertEquals("approved", status);
        }
      }
    }
  }

  @Test
  @DisplayName("a real delivery under a wrong secret, tampered, or given to verify: rejected")
  void rejectsWhatIsNotAuthentic() throws Exception {
    Inquiry inquiry = TestEnv.createInquiry(client, "java-persona-webhook-negative");
    Delivery delivery = awaitDelivery(inquiry.getId(), "inquiry.created");
    String header = delivery.personaSignature();
    byte[] body = delivery.body();

    expect(Reason.SIGNATURE_MISMATCH, () -> Webhooks.verifyPersona(secret + "x", header, body));
    byte[] tampered =
        new String(body, StandardCharsets.UTF_8)
            .replace("\"created\"", "\"approved\"")
            .getBytes(StandardCharsets.UTF_8);
    assertNotEquals(new String(body, StandardCharsets.UTF_8), new String(tampered));
    expect(Reason.SIGNATURE_MISMATCH, () -> Webhooks.verifyPersona(secret, header, tampered));
    // The native verifier: the signature scheme is the same, the body is not a WebhookEvent. (With
    // every live secret: rotation() may have run, and verify reads only one pair of two.)
    expect(
        Reason.MALFORMED_BODY,
        () -> Webhooks.verify(liveSecrets, header, body, Webhooks.DEFAULT_TOLERANCE));
    expect(Reason.SIGNATURE_MISMATCH, () -> Webhooks.verify(secret + "x", header, body));
  }

  @Test
  @DisplayName("during a rotation a delivery carries two pairs: the old and the new secret verify")
  void rotation() throws Exception {
    String oldSecret = secret;
    String newSecret =
        client
            .webhooks()
            .rotateWebhookSecret(
                RotateWebhookSecretRequest.newBuilder()
                    .setId(webhookId)
                    .setGracePeriod(com.google.protobuf.Duration.newBuilder().setSeconds(3600))
                    .build())
            .getSecret();
    assertNotEquals(oldSecret, newSecret);
    secret = newSecret;
    liveSecrets = List.of(newSecret, oldSecret);
    Inquiry inquiry = TestEnv.createInquiry(client, "java-persona-webhook-rotation");
    Delivery delivery = awaitDelivery(inquiry.getId(), "inquiry.created");
    String header = delivery.personaSignature();

    assertEquals(2, header.split(" ").length, header);
    for (String accepted : List.of(oldSecret, newSecret)) {
      PersonaEvent event = Webhooks.verifyPersona(accepted, header, delivery.body());
      assertEquals(delivery.eventId(), event.getId());
      assertEquals(inquiry.getId(), event.getSubjectId());
    }
    Webhooks.verifyPersona(
        List.of(newSecret, oldSecret), header, delivery.body(), Webhooks.DEFAULT_TOLERANCE);
    expect(
        Reason.SIGNATURE_MISMATCH,
        () -> Webhooks.verifyPersona("whsec_other", header, delivery.body()));
    expect(
        Reason.MALFORMED_BODY,
        () ->
            Webhooks.verify(
                List.of(newSecret, oldSecret),
                header,
                delivery.body(),
                Webhooks.DEFAULT_TOLERANCE));
  }

  /** Waits for the delivery of the event {@code name} about {@code inquiryId}. */
  private Delivery awaitDelivery(String inquiryId, String name) throws InterruptedException {
    long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos(); // monotonic, unlike Instant
    while (System.nanoTime() - deadline < 0) {
      for (Delivery delivery : deliveries) {
        Value attributes = at(delivery.document(), "data", "attributes");
        Value subject = at(attributes.getStructValue(), "payload", "data");
        String about =
            at(subject.getStructValue(), "type").getStringValue().equals("inquiry")
                ? at(subject.getStructValue(), "id").getStringValue()
                : at(subject.getStructValue(), "relationships", "inquiry", "data", "id")
                    .getStringValue();
        if (at(attributes.getStructValue(), "name").getStringValue().equals(name)
            && about.equals(inquiryId)) {
          return delivery;
        }
      }
      Thread.sleep(20);
    }
    return fail("no " + name + " delivery for " + inquiryId + " within " + DELIVERY_TIMEOUT);
  }

  /** The value at the path of keys, or the default (empty) value where there is none. */
  private static Value at(Struct struct, String... keys) {
    Value value = Value.newBuilder().setStructValue(struct).build();
    for (String key : keys) {
      value = value.getStructValue().getFieldsOrDefault(key, Value.getDefaultInstance());
    }
    return value;
  }
}
