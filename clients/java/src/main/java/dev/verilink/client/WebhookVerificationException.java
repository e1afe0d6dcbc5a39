package dev.verilink.client;

/**
 * A webhook delivery that {@link Webhooks#verify} or {@link Webhooks#verifyPersona} rejected:
 * answer it with 400 and do not act on it. {@link #getReason()} says why.
 */
public final class WebhookVerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a delivery was rejected. */
  public enum Reason {
    /** The signature header is absent or empty. */
    MISSING_HEADER,
    /**
     * The signature header is not a list of {@code key=value} pairs separated by commas, or its
     * {@code t} is not a non-negative integer or appears twice (in the Persona format: one of its
     * space-separated {@code t=…,v1=…} pairs).
     */
    MALFORMED_HEADER,
    /** The signature header has no {@code t=<unix seconds>}. */
    MISSING_TIMESTAMP,
    /** The signature header has no {@code v1=<signature>}. */
    MISSING_SIGNATURE,
    /**
     * The timestamp is further from now than the tolerance, in the past (a replay, or a clock
     * behind) or in the future (a clock ahead).
     */
    TIMESTAMP_OUT_OF_TOLERANCE,
    /**
     * No {@code v1} is the signature of this body and timestamp under any of the secrets: the body
     * was altered, or the secret is not this webhook's.
     */
    SIGNATURE_MISMATCH,
    /**
     * The signature is valid but the body is not the JSON of a {@code WebhookEvent} with an ID and
     * a type ({@link Webhooks#verify}), or not Persona's event object ({@link
     * Webhooks#verifyPersona}).
     */
    MALFORMED_BODY
  }

  /** Why the delivery was rejected. */
  private final Reason reason;

  WebhookVerificationException(Reason reason, String message) {
    this(reason, message, null);
  }

  WebhookVerificationException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /**
   * Why the delivery was rejected.
   *
   * @return the reason, never {@code null}
   */
  public Reason getReason() {
    return reason;
  }
}
