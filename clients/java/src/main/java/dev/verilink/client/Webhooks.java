package dev.verilink.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.verilink.client.WebhookVerificationException.Reason;
import dev.verilink.v1.WebhookEvent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies webhook deliveries: their signature, their age, and parses their body.
 *
 * <p>A delivery is a {@code POST} whose header {@value #SIGNATURE_HEADER} is {@code t=<unix
 * seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}; during a secret rotation it carries one
 * {@code v1} per secret. Verify the raw bytes of the body, before any parsing:
 *
 * <pre>{@code
 * try {
 *   WebhookEvent event = Webhooks.verify(secret, request.getHeader(Webhooks.SIGNATURE_HEADER), body);
 *   // deduplicate on event.getId(): delivery is at least once
 * } catch (WebhookVerificationException e) {
 *   // answer 400; e.getReason() says why
 * }
 * }</pre>
 *
 * <p>A webhook created with {@code WebhookFormat.WEBHOOK_FORMAT_PERSONA} receives Persona's event
 * object instead, signed the same way in {@value #PERSONA_SIGNATURE_HEADER} (one {@code t=…,v1=…}
 * pair per secret, separated by spaces): verify it with {@link #verifyPersona(String, String,
 * byte[])}.
 */
public final class Webhooks {
  /** The header that carries the signature of a delivery in the Verilink format. */
  public static final String SIGNATURE_HEADER = "Verilink-Signature";

  /** The header that carries the signature of a delivery in the Persona format. */
  public static final String PERSONA_SIGNATURE_HEADER = "Persona-Signature";

  /**
   * How far a delivery's timestamp may be from now, either way, unless told otherwise: 5 minutes.
   */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String HMAC = "HmacSHA256";
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private Webhooks() {}

  /**
   * Verifies a delivery signed with {@code secret} whose timestamp is within {@link
   * #DEFAULT_TOLERANCE} of now, and parses it.
   *
   * @param secret the webhook's signing secret ({@code whsec_…})
   * @param header the value of the signature header ({@value #SIGNATURE_HEADER}), or {@code null}
   *     if the request had none
   * @param body the raw body, exactly as received
   * @return the event the delivery carries
   * @throws WebhookVerificationException if the delivery is not authentic, too old, too new or not
   *     an event
   */
  public static WebhookEvent verify(String secret, String header, byte[] body)
      throws WebhookVerificationException {
    return verify(List.of(secret), header, body, DEFAULT_TOLERANCE);
  }

  /**
   * Verifies a delivery and parses it. It is authentic when one of its {@code v1} signatures is the
   * HMAC-SHA256 of {@code "<t>.<body>"} under one of {@code secrets} (every pair is compared, in
   * constant time), and timely when {@code t} is at most {@code tolerance} from now, in the past or
   * the future. Unknown keys in the header and unknown fields in the body are ignored, so that
   * later versions of the server can add them; the event must have an ID and a type. The header's
   * name is not checked: pass the value of whichever header carries this {@code t=…,v1=…} scheme
   * (but a Persona-format body is not a {@code WebhookEvent}: see {@link #verifyPersona(List,
   * String, byte[], Duration)}).
   *
   * @param secrets the secrets to accept: the webhook's secret, or during a rotation the new and
   *     the previous one
   * @param header the value of the signature header ({@value #SIGNATURE_HEADER}), or {@code null}
   *     if the request had none
   * @param body the raw body, exactly as received
   * @param tolerance how far the timestamp may be from now, e.g. {@link #DEFAULT_TOLERANCE}
   * @return the event the delivery carries
   * @throws WebhookVerificationException if the delivery is not authentic, too old, too new or not
   *     an event
   * @throws IllegalArgumentException if {@code secrets} is empty or holds an empty secret, or
   *     {@code tolerance} is negative
   */
  public static WebhookEvent verify(
      List<String> secrets, String header, byte[] body, Duration tolerance)
      throws WebhookVerificationException {
    checkArguments(secrets, body, tolerance);
    authenticate(secrets, List.of(parsePair(requireHeader(header))), body, tolerance);

    WebhookEvent.Builder event = WebhookEvent.newBuilder();
    try {
      PARSER.merge(new String(body, StandardCharsets.UTF_8), event);
    } catch (InvalidProtocolBufferException e) {
      throw new WebhookVerificationException(
          Reason.MALFORMED_BODY, "the body is not a WebhookEvent: " + e.getMessage(), e);
    }
    if (event.getId().isEmpty() || event.getType().isEmpty()) {
      throw new WebhookVerificationException(
          Reason.MALFORMED_BODY,
          "the body is not a WebhookEvent: it has no id or type (verify a Persona-format delivery"
              + " with verifyPersona)");
    }
    return event.build();
  }

  /**
   * Verifies a delivery of a Persona-format webhook signed with {@code secret} whose timestamp is
   * within {@link #DEFAULT_TOLERANCE} of now, and parses it.
   *
   * @param secret the webhook's signing secret ({@code whsec_…})
   * @param header the value of the {@value #PERSONA_SIGNATURE_HEADER} header, or {@code null} if
   *     the request had none
   * @param body the raw body, exactly as received
   * @return the event the delivery carries
   * @throws WebhookVerificationException if the delivery is not authentic, too old, too new or not
   *     Persona's event object
   * @see #verifyPersona(List, String, byte[], Duration)
   */
  public static PersonaEvent verifyPersona(String secret, String header, byte[] body)
      throws WebhookVerificationException {
    return verifyPersona(List.of(secret), header, body, DEFAULT_TOLERANCE);
  }

  /**
   * Verifies a delivery of a Persona-format webhook (one created with {@code
   * WebhookFormat.WEBHOOK_FORMAT_PERSONA}) and parses it. Its {@value #PERSONA_SIGNATURE_HEADER}
   * header holds one {@code t=<unix seconds>,v1=<hex>} pair per live secret, the pairs separated by
   * a space (two during a rotation). Each pair is checked as {@link #verify(List, String, byte[],
   * Duration)} checks its header, with the same reasons for a rejection: the delivery is timely
   * when a pair's {@code t} is at most {@code tolerance} from now, and authentic when a {@code v1}
   * of such a pair is the HMAC-SHA256 of {@code "<t>.<body>"} under one of {@code secrets} (every
   * pair is compared, in constant time). Only then is the body parsed, as Persona's event object
   * (keys in kebab case; unknown keys ignored).
   *
   * @param secrets the secrets to accept: the webhook's secret, or during a rotation the new and
   *     the previous one
   * @param header the value of the {@value #PERSONA_SIGNATURE_HEADER} header, or {@code null} if
   *     the request had none
   * @param body the raw body, exactly as received
   * @param tolerance how far the timestamp may be from now, e.g. {@link #DEFAULT_TOLERANCE}
   * @return the event the delivery carries
   * @throws WebhookVerificationException if the delivery is not authentic, too old, too new or not
   *     Persona's event object
   * @throws IllegalArgumentException if {@code secrets} is empty or holds an empty secret, or
   *     {@code tolerance} is negative
   */
  public static PersonaEvent verifyPersona(
      List<String> secrets, String header, byte[] body, Duration tolerance)
      throws WebhookVerificationException {
    checkArguments(secrets, body, tolerance);
    List<SignedPair> pairs = new ArrayList<>();
    for (String pair : requireHeader(header).strip().split("\\s+")) {
      pairs.add(parsePair(pair));
    }
    authenticate(secrets, pairs, body, tolerance);
    return PersonaEvent.parse(body);
  }

  private static void checkArguments(List<String> secrets, byte[] body, Duration tolerance) {
    Objects.requireNonNull(body, "body");
    if (secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isEmpty())) {
      throw new IllegalArgumentException("at least one secret, none of them empty");
    }
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("the tolerance must not be negative");
    }
  }

  private static String requireHeader(String header) throws WebhookVerificationException {
    if (header == null || header.isBlank()) {
      throw new WebhookVerificationException(Reason.MISSING_HEADER, "no signature header");
    }
    return header;
  }

  /** A timestamp and the {@code v1} signatures made at it. */
  private record SignedPair(String timestamp, List<String> signatures) {}

  /** The timestamp and the signatures of one comma-separated {@code t=…,v1=…} list. */
  private static SignedPair parsePair(String header) throws WebhookVerificationException {
    String timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      int equals = part.indexOf('=');
      if (equals <= 0) {
        throw new WebhookVerificationException(
            Reason.MALFORMED_HEADER, "expected key=value pairs, got \"" + part.strip() + "\"");
      }
      String key = part.substring(0, equals).strip();
      String value = part.substring(equals + 1).strip();
      if (key.equals("t")) {
        if (timestamp != null || !value.matches("[0-9]{1,18}")) {
          throw new WebhookVerificationException(
              Reason.MALFORMED_HEADER, "t must appear once, as unix seconds");
        }
        timestamp = value;
      } else if (key.equals("v1")) {
        signatures.add(value);
      }
    }
    if (timestamp == null) {
      throw new WebhookVerificationException(Reason.MISSING_TIMESTAMP, "no t= in the header");
    }
    if (signatures.isEmpty()) {
      throw new WebhookVerificationException(Reason.MISSING_SIGNATURE, "no v1= in the header");
    }
    return new SignedPair(timestamp, signatures);
  }

  /**
   * Succeeds when a pair's timestamp is within {@code tolerance} of now and one of its {@code v1}
   * is the signature of the body at that timestamp under one of the secrets. Every signature of
   * every timely pair is compared with every secret's, in constant time.
   */
  private static void authenticate(
      List<String> secrets, List<SignedPair> pairs, byte[] body, Duration tolerance)
      throws WebhookVerificationException {
    long now = Instant.now().getEpochSecond();
    List<SignedPair> timely = new ArrayList<>();
    for (SignedPair pair : pairs) {
      if (Math.abs(now - Long.parseLong(pair.timestamp())) <= tolerance.getSeconds()) {
        timely.add(pair);
      }
    }
    if (timely.isEmpty()) {
      long age = now - Long.parseLong(pairs.get(0).timestamp());
      throw new WebhookVerificationException(
          Reason.TIMESTAMP_OUT_OF_TOLERANCE,
          "signed "
              + (age > 0 ? age + " s ago" : -age + " s in the future")
              + ", tolerance "
              + tolerance.getSeconds()
              + " s");
    }

    boolean authentic = false;
    for (SignedPair pair : timely) {
      for (String secret : secrets) {
        byte[] expected = sign(secret, pair.timestamp(), body);
        for (String signature : pair.signatures()) {
          authentic |= MessageDigest.isEqual(expected, hex(signature));
        }
      }
    }
    if (!authentic) {
      throw new WebhookVerificationException(
          Reason.SIGNATURE_MISMATCH, "no v1 matches the body under the given secrets");
    }
  }

  /** HMAC-SHA256(secret, "<timestamp>.<body>"). */
  private static byte[] sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }

  /** The bytes a hex signature stands for; none when it is not hex (it then matches nothing). */
  private static byte[] hex(String signature) {
    try {
      return HexFormat.of().parseHex(signature);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
