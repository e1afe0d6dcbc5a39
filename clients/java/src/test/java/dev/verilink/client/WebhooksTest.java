package dev.verilink.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Value;
import com.sun.net.httpserver.HttpServer;
import dev.verilink.client.WebhookVerificationException.Reason;
import dev.verilink.v1.ActorKind;
import dev.verilink.v1.CreateWebhookRequest;
import dev.verilink.v1.CreateWebhookResponse;
import dev.verilink.v1.DeleteWebhookRequest;
import dev.verilink.v1.Inquiry;
import dev.verilink.v1.RotateWebhookSecretRequest;
import dev.verilink.v1.Webhook;
import dev.verilink.v1.WebhookEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * Webhooks.verify against deliveries of the real server (clients/with-server) to a receiver on
 * loopback that this test runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksTest {
  private static final Duration DELIVERY_TIMEOUT = TestEnv.WAIT_LIMIT;

  /** One POST to the receiver. */
  private record Delivery(String signature, String eventId, byte[] body) {}

  private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
  private HttpServer receiver;
  private VerilinkClient client;
  private String webhookId;
  private String secret;

  @BeforeAll
  void createWebhook() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          deliveries.add(
              new Delivery(
                  exchange.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER),
                  exchange.getRequestHeaders().getFirst("Verilink-Event-Id"),
                  body));
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
                            .addEnabledEvents("*"))
                    .build());
    webhookId = created.getWebhook().getId();
    secret = created.getSecret();
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
  @DisplayName("a real delivery verifies and parses into the typed WebhookEvent")
  void verifiesARealDelivery() throws Exception {
    Inquiry inquiry = TestEnv.createInquiry(client, "java-webhook");
    Delivery delivery = awaitDelivery(inquiry.getId(), "inquiry.created");

    WebhookEvent event = Webhooks.verify(secret, delivery.signature(), delivery.body());
    assertEquals(delivery.eventId(), event.getId());
    assertEquals("inquiry.created", event.getType());
    assertEquals(inquiry.getId(), event.getInquiryId());
    assertEquals("sandbox", event.getEnvironment());
    assertEquals(
        inquiry.getCreateTime().getSeconds(), event.getCreateTime().getSeconds(), event.toString());
    Value objectId = event.getData().getObject().getFieldsOrThrow("id");
    assertEquals(inquiry.getId(), objectId.getStringValue());
    // Who caused it: the API key that created the inquiry (the bootstrap key of with-server).
    assertEquals(ActorKind.ACTOR_KIND_API_KEY, event.getActor().getKind(), event.toString());
    assertEquals("bootstrap", event.getActor().getDisplayName(), event.toString());
  }

  @Test
  @DisplayName(
      "tampered body, wrong secret, stale or future timestamp, malformed headers: rejected")
  void rejectsWhatIsNotAuthenticOrTimely() throws Exception {
    Inquiry inquiry = TestEnv.createInquiry(client, "java-webhook-negative");
    Delivery delivery = awaitDelivery(inquiry.getId(), "inquiry.created");
    String header = delivery.signature();
    byte[] body = delivery.body();

    byte[] tampered = Arrays.copyOf(body, body.length);
    tampered[body.length / 2] ^= 1;
    expect(Reason.SIGNATURE_MISMATCH, () -> Webhooks.verify(secret, header, tampered));
    expect(Reason.SIGNATURE_MISMATCH, () -> Webhooks.verify(secret + "x", header, body));
    expect(
        Reason.SIGNATURE_MISMATCH,
        () -> Webhooks.verify(secret, header.replaceAll("v1=[0-9a-f]*", "v1=zz"), body));

    // Signed correctly with the real secret, but 6 minutes away from now, either way.
    long now = Instant.now().getEpochSecond();
    String stale = signature(secret, now - 360, body);
    String future = signature(secret, now + 360, body);
    expect(Reason.TIMESTAMP_OUT_OF_TOLERANCE, () -> Webhooks.verify(secret, stale, body));
    expect(Reason.TIMESTAMP_OUT_OF_TOLERANCE, () -> Webhooks.verify(secret, future, body));
    Webhooks.verify(List.of(secret), stale, body, Duration.ofMinutes(7)); // within a wider one

    expect(Reason.MISSING_HEADER, () -> Webhooks.verify(secret, null, body));
    expect(Reason.MISSING_HEADER, () -> Webhooks.verify(secret, " ", body));
    expect(Reason.MALFORMED_HEADER, () -> Webhooks.verify(secret, "garbage", body));
    expect(Reason.MALFORMED_HEADER, () -> Webhooks.verify(secret, "t=soon," + v1(header), body));
    expect(Reason.MALFORMED_HEADER, () -> Webhooks.verify(secret, "t=1,t=2," + v1(header), body));
    expect(Reason.MISSING_TIMESTAMP, () -> Webhooks.verify(secret, v1(header), body));
    expect(Reason.MISSING_SIGNATURE, () -> Webhooks.verify(secret, "t=" + now, body));

    // Authentic and timely, but not the JSON of an event.
    byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
    expect(
        Reason.MALFORMED_BODY,
        () -> Webhooks.verify(secret, signature(secret, now, notJson), notJson));
    // Parses as a WebhookEvent (unknown fields ignored), but has no id and type.
    byte[] noEvent = "{\"data\": {\"type\": \"event\"}}".getBytes(StandardCharsets.UTF_8);
    expect(
        Reason.MALFORMED_BODY,
        () -> Webhooks.verify(secret, signature(secret, now, noEvent), noEvent));
  }

  @Test
  @DisplayName("unknown fields in the body are ignored")
  void ignoresUnknownFields() throws Exception {
    Inquiry inquiry = TestEnv.createInquiry(client, "java-webhook-unknown");
    Delivery delivery = awaitDelivery(inquiry.getId(), "inquiry.created");
    String json = new String(delivery.body(), StandardCharsets.UTF_8);
    byte[] extended =
        json.replaceFirst("\\{", "{\"addedLater\":{\"x\":1},").getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();
    WebhookEvent event = Webhooks.verify(secret, signature(secret, now, extended), extended);
    assertEquals(delivery.eventId(), event.getId());
  }

  @Test
  @DisplayName("during a rotation a delivery carries two v1: the old and the new secret verify")
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
    secret = newSecret;
    Inquiry inquiry = TestEnv.createInquiry(client, "java-webhook-rotation");
    Delivery delivery = awaitDelivery(inquiry.getId(), "inquiry.created");

    assertEquals(2, delivery.signature().split("v1=", -1).length - 1, delivery.signature());
    for (String accepted : List.of(oldSecret, newSecret)) {
      WebhookEvent event = Webhooks.verify(accepted, delivery.signature(), delivery.body());
      assertEquals(delivery.eventId(), event.getId());
    }
    Webhooks.verify(
        List.of(newSecret, oldSecret),
        delivery.signature(),
        delivery.body(),
        Webhooks.DEFAULT_TOLERANCE);
    expect(
        Reason.SIGNATURE_MISMATCH,
        () -> Webhooks.verify("whsec_other", delivery.signature(), delivery.body()));
  }

  /** Waits for the delivery of the event {@code type} of {@code inquiryId}. */
  private Delivery awaitDelivery(String inquiryId, String type) throws InterruptedException {
    long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos(); // monotonic, unlike Instant
    while (System.nanoTime() - deadline < 0) {
      Delivery delivery = deliveries.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (delivery == null) {
        break;
      }
      String body = new String(delivery.body(), StandardCharsets.UTF_8);
      if (body.contains("\"" + inquiryId + "\"")
          && body.matches("(?s).*\"type\"\\s*:\\s*\"" + Pattern.quote(type) + "\".*")) {
        return delivery;
      }
    }
    return fail("no " + type + " delivery for " + inquiryId + " within " + DELIVERY_TIMEOUT);
  }

  private static void expect(Reason reason, Executable verify) {
    WebhookVerificationException e = assertThrows(WebhookVerificationException.class, verify);
    assertEquals(reason, e.getReason(), e.getMessage());
  }

  /** The v1 entries of a header, without its t. */
  private static String v1(String header) {
    return header.replaceAll("t=[0-9]+,", "");
  }

  /** A header signing {@code body} at {@code timestamp}, computed here independently. */
  private static String signature(String secret, long timestamp, byte[] body)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
  }
}
