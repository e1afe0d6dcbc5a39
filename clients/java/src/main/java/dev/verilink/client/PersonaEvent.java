package dev.verilink.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.verilink.client.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The event a delivery of a Persona-format webhook carries, as {@link Webhooks#verifyPersona}
 * returns it: the body's {@code data}, Persona's event object
 *
 * <pre>{@code
 * {"data": {"type": "event", "id": "evt_…", "attributes": {"name": "inquiry.approved",
 *   "payload": {"data": {"type": "inquiry", "id": "inq_…", "attributes": {…}, "relationships": {…}}},
 *   "created-at": "2026-11-24T10:00:00.000Z"}}}
 * }</pre>
 *
 * <p>The subject ({@code data.attributes.payload.data}) is the inquiry, inquiry session or one-time
 * link as it was at the event, in Persona's JSON:API shape with keys in kebab case, as a {@link
 * Struct} (JSON numbers are doubles there).
 */
public final class PersonaEvent {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final String id;
  private final String type;
  private final String name;
  private final Instant createdAt;
  private final Struct subject;

  private PersonaEvent(String id, String type, String name, Instant createdAt, Struct subject) {
    this.id = id;
    this.type = type;
    this.name = name;
    this.createdAt = createdAt;
    this.subject = subject;
  }

  /**
   * The event's ID ({@code data.id}, {@code evt_…}), also sent as {@code Verilink-Event-Id}. It is
   * the same on a redelivery: process each ID once.
   *
   * @return the ID, never empty
   */
  public String getId() {
    return id;
  }

  /**
   * The type of the body's resource ({@code data.type}).
   *
   * @return always {@code "event"}
   */
  public String getType() {
    return type;
  }

  /**
   * The event's name ({@code data.attributes.name}), e.g. {@code inquiry.approved}, {@code
   * inquiry-session.started} or {@code one-time-link.created}.
   *
   * @return the name, never empty
   */
  public String getName() {
    return name;
  }

  /**
   * When the event happened ({@code data.attributes.created-at}).
   *
   * @return the time
   */
  public Instant getCreatedAt() {
    return createdAt;
  }

  /**
   * The resource the event is about ({@code data.attributes.payload.data}): {@code type}, {@code
   * id}, {@code attributes} and usually {@code relationships}, with any other keys it has.
   *
   * @return the subject as JSON
   */
  public Struct getSubject() {
    return subject;
  }

  /**
   * The subject's type: {@code inquiry}, {@code inquiry-session} or {@code one-time-link}.
   *
   * @return the subject's {@code type}
   */
  public String getSubjectType() {
    return subject.getFieldsOrThrow("type").getStringValue();
  }

  /**
   * The subject's ID, e.g. {@code inq_…}.
   *
   * @return the subject's {@code id}
   */
  public String getSubjectId() {
    return subject.getFieldsOrThrow("id").getStringValue();
  }

  /**
   * The subject's attributes, e.g. {@code getSubjectAttributes().getFieldsOrThrow("status")
   * .getStringValue()}.
   *
   * @return the subject's {@code attributes}
   */
  public Struct getSubjectAttributes() {
    return subject.getFieldsOrThrow("attributes").getStructValue();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PersonaEvent that
        && id.equals(that.id)
        && type.equals(that.type)
        && name.equals(that.name)
        && createdAt.equals(that.createdAt)
        && subject.equals(that.subject);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, type, name, createdAt, subject);
  }

  @Override
  public String toString() {
    return "PersonaEvent{id="
        + id
        + ", name="
        + name
        + ", createdAt="
        + createdAt
        + ", subject="
        + getSubjectType()
        + " "
        + getSubjectId()
        + "}";
  }

  /** Persona's event object, from a body whose signature was verified. */
  static PersonaEvent parse(byte[] body) throws WebhookVerificationException {
    Struct.Builder document = Struct.newBuilder();
    try {
      PARSER.merge(new String(body, StandardCharsets.UTF_8), document);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new WebhookVerificationException(
          Reason.MALFORMED_BODY, "the body is not a JSON object: " + e.getMessage(), e);
    }
    Struct data = object(document.build(), "data", "data");
    String type = string(data, "data.type", "type");
    if (!type.equals("event")) {
      throw invalid("data.type is \"" + type + "\", not \"event\"");
    }
    String id = string(data, "data.id", "id");
    Struct attributes = object(data, "data.attributes", "attributes");
    String name = string(attributes, "data.attributes.name", "name");
    String created = string(attributes, "data.attributes.created-at", "created-at");
    Instant createdAt;
    try {
      createdAt = OffsetDateTime.parse(created).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid("data.attributes.created-at is not an RFC 3339 time: " + created);
    }
    Struct payload = object(attributes, "data.attributes.payload", "payload");
    String where = "data.attributes.payload.data";
    Struct subject = object(payload, where, "data");
    string(subject, where + ".type", "type");
    string(subject, where + ".id", "id");
    object(subject, where + ".attributes", "attributes");
    return new PersonaEvent(id, type, name, createdAt, subject);
  }

  /** The object under {@code key}; {@code where} names it in the message if there is none. */
  private static Struct object(Struct parent, String where, String key)
      throws WebhookVerificationException {
    Value value = parent.getFieldsOrDefault(key, Value.getDefaultInstance());
    if (!value.hasStructValue()) {
      throw invalid(where + " is not an object");
    }
    return value.getStructValue();
  }

  /** The non-empty string under {@code key}; {@code where} names it in the message if none. */
  private static String string(Struct parent, String where, String key)
      throws WebhookVerificationException {
    Value value = parent.getFieldsOrDefault(key, Value.getDefaultInstance());
    if (value.getKindCase() != Value.KindCase.STRING_VALUE || value.getStringValue().isEmpty()) {
      throw invalid(where + " is not a non-empty string");
    }
    return value.getStringValue();
  }

  private static WebhookVerificationException invalid(String message) {
    return new WebhookVerificationException(
        Reason.MALFORMED_BODY, "the body is not Persona's event object: " + message);
  }
}
