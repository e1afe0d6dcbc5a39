package dev.verilink.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verilink.client.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Webhooks.verifyPersona on deliveries signed here; PersonaWebhookDeliveriesTest verifies those of
 * the real server.
 */
class PersonaWebhooksTest {
  private static final String SECRET = "whsec_" + "p".repeat(32);
  private static final String PREVIOUS = "whsec_" + "q".repeat(32);
  private static final String STRANGER = "whsec_" + "s".repeat(32);

  private static final String SUBJECT =
      "{\"type\": \"inquiry\", \"id\": \"inq_0000000000000000000000000a\","
          + " \"attributes\": {\"status\": \"approved\", \"reference-id\": \"user-42\"},"
          + " \"relationships\": {\"sessions\": {\"data\": []}}}";
  private static final byte[] BODY =
      event("\"event\"", "\"inquiry.approved\"", "\"2026-11-24T10:00:00.123Z\"", SUBJECT);

  /** Persona's event object around the given JSON values. */
  private static byte[] event(String type, String name, String createdAt, String subject) {
    return ("{\"data\": {\"type\": "
            + type
            + ", \"id\": \"evt_0000000000000000000000000a\", \"attributes\": {\"name\": "
            + name
            + ", \"payload\": {\"data\": "
            + subject
            + "}, \"created-at\": "
            + createdAt
            + "}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a good signature verifies and the body parses into a PersonaEvent")
  void verifiesAGoodSignature() throws Exception {
    PersonaEvent event = Webhooks.verifyPersona(SECRET, sign(now(), BODY, SECRET), BODY);
    assertEquals("evt_0000000000000000000000000a", event.getId());
    assertEquals("event", event.getType());
    assertEquals("inquiry.approved", event.getName());
    assertEquals(Instant.parse("2026-11-24T10:00:00.123Z"), event.getCreatedAt());
    assertEquals("inquiry", event.getSubjectType());
    assertEquals("inq_0000000000000000000000000a", event.getSubjectId());
    assertEquals(
        "approved", event.getSubjectAttributes().getFieldsOrThrow("status").getStringValue());
    assertEquals(
        "user-42", event.getSubjectAttributes().getFieldsOrThrow("reference-id").getStringValue());
    assertEquals(
        0,
        event
            .getSubject()
            .getFieldsOrThrow("relationships")
            .getStructValue()
            .getFieldsOrThrow("sessions")
            .getStructValue()
            .getFieldsOrThrow("data")
            .getListValue()
            .getValuesCount());

    PersonaEvent again =
        Webhooks.verifyPersona(
            List.of(STRANGER, SECRET), sign(now(), BODY, SECRET), BODY, Duration.ofMinutes(1));
    assertEquals(event, again);
  }

  @Test
  @DisplayName("during a rotation, the two space-separated pairs verify under either secret")
  void rotation() throws Exception {
    long t = now();
    String header = sign(t, BODY, SECRET, PREVIOUS);
    assertEquals(2, header.split(" ").length, header);
    for (List<String> secrets :
        List.of(List.of(SECRET), List.of(PREVIOUS), List.of(PREVIOUS, SECRET))) {
      PersonaEvent event =
          Webhooks.verifyPersona(secrets, header, BODY, Webhooks.DEFAULT_TOLERANCE);
      assertEquals("inquiry.approved", event.getName());
    }
    // Each pair is checked with its own t: a fresh pair verifies next to a stale one.
    String mixed = sign(t - 3600, BODY, PREVIOUS) + " " + sign(t, BODY, SECRET);
    Webhooks.verifyPersona(SECRET, mixed, BODY);
    expect(Reason.SIGNATURE_MISMATCH, () -> Webhooks.verifyPersona(PREVIOUS, mixed, BODY));
    expect(Reason.SIGNATURE_MISMATCH, () -> Webhooks.verifyPersona(STRANGER, header, BODY));
  }

  @Test
  @DisplayName("a wrong secret and a tampered body are rejected")
  void rejectsWrongSecretAndTamperedBody() throws Exception {
    String header = sign(now(), BODY, SECRET);
    expect(Reason.SIGNATURE_MISMATCH, () -> Webhooks.verifyPersona(STRANGER, header, BODY));
    byte[] tampered =
        new String(BODY, StandardCharsets.UTF_8)
            .replace("approved", "declined")
            .getBytes(StandardCharsets.UTF_8);
    expect(Reason.SIGNATURE_MISMATCH, () -> Webhooks.verifyPersona(SECRET, header, tampered));
  }

  @Test
  @DisplayName("a stale or future timestamp is rejected, correctly signed")
  void rejectsStaleAndFutureTimestamps() throws Exception {
    for (long t : new long[] {now() - 360, now() + 360}) {
      String header = sign(t, BODY, SECRET, PREVIOUS);
      expect(Reason.TIMESTAMP_OUT_OF_TOLERANCE, () -> Webhooks.verifyPersona(SECRET, header, BODY));
      Webhooks.verifyPersona(List.of(SECRET), header, BODY, Duration.ofMinutes(7));
    }
  }

  @Test
  @DisplayName("a missing or malformed header is rejected with the reasons of verify")
  void rejectsMalformedHeaders() throws Exception {
    long t = now();
    String good = sign(t, BODY, SECRET);
    String v1 = good.substring(good.indexOf("v1="));
    expect(Reason.MISSING_HEADER, () -> Webhooks.verifyPersona(SECRET, null, BODY));
    expect(Reason.MISSING_HEADER, () -> Webhooks.verifyPersona(SECRET, " ", BODY));
    for (String header :
        List.of(
            "garbage",
            good + " garbage",
            "t=soon," + v1,
            "t=1,t=2," + v1,
            "t=" + t + ", " + v1,
            good + ",")) {
      expect(Reason.MALFORMED_HEADER, () -> Webhooks.verifyPersona(SECRET, header, BODY));
    }
    expect(Reason.MISSING_TIMESTAMP, () -> Webhooks.verifyPersona(SECRET, v1, BODY));
    expect(Reason.MISSING_TIMESTAMP, () -> Webhooks.verifyPersona(SECRET, good + " " + v1, BODY));
    expect(Reason.MISSING_SIGNATURE, () -> Webhooks.verifyPersona(SECRET, "t=" + t, BODY));
    expect(Reason.MISSING_SIGNATURE, () -> Webhooks.verifyPersona(SECRET, good + " t=" + t, BODY));
    expect(
        Reason.SIGNATURE_MISMATCH,
        () -> Webhooks.verifyPersona(SECRET, "t=" + t + ",v1=not-hex", BODY));
    // Several spaces between pairs, and around them, are one separator.
    Webhooks.verifyPersona(SECRET, "  " + good + "   " + sign(t, BODY, PREVIOUS) + " ", BODY);

    assertThrows(
        IllegalArgumentException.class,
        () -> Webhooks.verifyPersona(List.of(), good, BODY, Webhooks.DEFAULT_TOLERANCE));
    assertThrows(
        IllegalArgumentException.class,
        () -> Webhooks.verifyPersona(List.of(""), good, BODY, Webhooks.DEFAULT_TOLERANCE));
    assertThrows(
        IllegalArgumentException.class,
        () -> Webhooks.verifyPersona(List.of(SECRET), good, BODY, Duration.ofSeconds(-1)));
  }

  @Test
  @DisplayName("unknown keys in the body are ignored")
  void ignoresUnknownKeys() throws Exception {
    byte[] extended =
        new String(BODY, StandardCharsets.UTF_8)
            .replaceFirst("\\{", "{\"addedLater\": {\"x\": 1}, ")
            .replace("\"name\":", "\"added-later\": true, \"name\":")
            .getBytes(StandardCharsets.UTF_8);
    PersonaEvent event = Webhooks.verifyPersona(SECRET, sign(now(), extended, SECRET), extended);
    assertEquals("inquiry.approved", event.getName());
    assertEquals("inq_0000000000000000000000000a", event.getSubjectId());
  }

  @Test
  @DisplayName("a signed body that is not Persona's event object is rejected")
  void rejectsWhatIsNotAPersonaEvent() throws Exception {
    String time = "\"2026-11-24T10:00:00Z\"";
    List<byte[]> bodies =
        Stream.of(
                "{\"id\": \"evt_1\", \"type\": \"inquiry.created\", \"createTime\": " + time + "}",
                "not json",
                "[]",
                "{\"data\": []}")
            .map(s -> s.getBytes(StandardCharsets.UTF_8))
            .collect(Collectors.toList());
    bodies.add(event("\"inquiry\"", "\"inquiry.approved\"", time, SUBJECT));
    bodies.add(event("\"event\"", "\"\"", time, SUBJECT));
    bodies.add(event("\"event\"", "42", time, SUBJECT));
    bodies.add(event("\"event\"", "\"inquiry.approved\"", "\"yesterday\"", SUBJECT));
    bodies.add(event("\"event\"", "\"inquiry.approved\"", time, "[]"));
    bodies.add(event("\"event\"", "\"inquiry.approved\"", time, "{\"id\": \"inq_1\"}"));
    bodies.add(
        event("\"event\"", "\"inquiry.approved\"", time, "{\"type\": \"inquiry\", \"id\": \"x\"}"));
    for (byte[] body : bodies) {
      expect(
          Reason.MALFORMED_BODY,
          () -> Webhooks.verifyPersona(SECRET, sign(now(), body, SECRET), body));
    }
  }

  @Test
  @DisplayName("verify rejects a Persona-format body even when the secret verifies it")
  void nativeVerifyRejectsAPersonaBody() throws Exception {
    expect(Reason.MALFORMED_BODY, () -> Webhooks.verify(SECRET, sign(now(), BODY, SECRET), BODY));
  }

  static void expect(Reason reason, Executable verify) {
    WebhookVerificationException e = assertThrows(WebhookVerificationException.class, verify);
    assertEquals(reason, e.getReason(), e.getMessage());
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  /** A Persona-Signature value: one pair per secret, separated by a space, computed here. */
  static String sign(long timestamp, byte[] body, String... secrets)
      throws GeneralSecurityException {
    StringBuilder header = new StringBuilder();
    for (String secret : secrets) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      header.append(header.length() == 0 ? "" : " ");
      header.append("t=").append(timestamp).append(",v1=");
      header.append(HexFormat.of().formatHex(mac.doFinal(body)));
    }
    return header.toString();
  }
}
