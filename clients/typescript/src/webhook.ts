// Verifying a webhook delivery: the signature header (`t=<unix seconds>,v1=<hex HMAC-SHA256>`)
// against the raw body, then the body as the typed verilink.v1.WebhookEvent.
import { createHmac, timingSafeEqual } from "node:crypto";

import { fromJsonString } from "@bufbuild/protobuf";

import { WebhookEventSchema } from "./gen/verilink/v1/event_pb.js";
import type { WebhookEvent } from "./gen/verilink/v1/event_pb.js";

/** How far a delivery's timestamp may be from now, in seconds, unless told otherwise. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** Why `verifyWebhook` refused a delivery. */
export type WebhookVerificationReason =
  /** No signature header, or an empty one. */
  | "HEADER_MISSING"
  /** Not a comma-separated list of `key=value`, `t` not a whole number, or no `v1` at all. */
  | "HEADER_MALFORMED"
  /** No `t=` timestamp in the header. */
  | "TIMESTAMP_MISSING"
  /** No `v1` matches the HMAC of the body under any of the secrets. */
  | "SIGNATURE_MISMATCH"
  /** The signature is right but its timestamp is further from now than the tolerance. */
  | "TIMESTAMP_OUT_OF_TOLERANCE"
  /** The body is signed but is not a webhook event in proto3 JSON. */
  | "PAYLOAD_INVALID";

/** A delivery that must not be trusted; `reason` says why. Answer it with a 4xx status. */
export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";

  constructor(
    readonly reason: WebhookVerificationReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${reason}: ${message}`, options);
  }
}

export interface VerifyWebhookOptions {
  /**
   * The webhook's signing secret (`whsec_…`), or several: during a rotation, the new and the
   * previous one. A delivery verifies if any `v1` matches any secret.
   */
  secrets: string | readonly string[];
  /**
   * The VALUE of the signature header: `Verilink-Signature` for the Verilink format (the
   * Persona-compatible format signs the same way under `Persona-Signature`). Several header lines
   * (an array, as Node gives them) count as one comma-separated list.
   */
  header: string | readonly string[] | null | undefined;
  /** The raw request body, exactly as received (bytes; a string is taken as its UTF-8). */
  body: Uint8Array | string;
  /** Maximum distance of the timestamp from now, in either direction (default 300 s). */
  toleranceSeconds?: number;
}

/**
 * Verifies a webhook delivery and returns its event. Every `v1` signature of the header is
 * compared, in constant time, with the HMAC-SHA256 of `"<t>.<body>"` under every secret; the
 * timestamp `t` must lie within the tolerance of now; the body is then parsed as a
 * `WebhookEvent` (unknown fields ignored: new ones may be added). Throws a
 * `WebhookVerificationError` otherwise.
 *
 *     const event = verifyWebhook({
 *       secrets: process.env.VERILINK_WEBHOOK_SECRET!,
 *       header: req.headers["verilink-signature"],
 *       body: rawBody,
 *     });
 */
export function verifyWebhook(options: VerifyWebhookOptions): WebhookEvent {
  const secrets = typeof options.secrets === "string" ? [options.secrets] : options.secrets;
  if (secrets.length === 0 || secrets.some((secret) => secret === "")) {
    throw new TypeError("verifyWebhook: secrets must hold at least one non-empty secret");
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (!(tolerance >= 0)) {
    throw new TypeError("verifyWebhook: toleranceSeconds must be a number ≥ 0");
  }
  const { timestamp, signatures } = parseSignatureHeader(options.header);
  const body =
    typeof options.body === "string" ? new TextEncoder().encode(options.body) : options.body;

  const signed = secrets.some((secret) => {
    const expected = createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest();
    return signatures.some(
      (signature) => signature.length === expected.length && timingSafeEqual(signature, expected),
    );
  });
  if (!signed) {
    throw new WebhookVerificationError(
      "SIGNATURE_MISMATCH",
      "no v1 signature matches the body under the given secrets",
    );
  }
  const age = Date.now() / 1000 - Number(timestamp);
  if (Math.abs(age) > tolerance) {
    throw new WebhookVerificationError(
      "TIMESTAMP_OUT_OF_TOLERANCE",
      `signed ${Math.round(Math.abs(age))} s ${age > 0 ? "ago" : "in the future"}, tolerance ${tolerance} s`,
    );
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    return fromJsonString(WebhookEventSchema, text, { ignoreUnknownFields: true });
  } catch (err) {
    throw new WebhookVerificationError("PAYLOAD_INVALID", String(err), { cause: err });
  }
}

/** The timestamp (digits) and the `v1` signatures (decoded hex) of a signature header. */
function parseSignatureHeader(header: VerifyWebhookOptions["header"]): {
  timestamp: string;
  signatures: Buffer[];
} {
  const value = typeof header === "string" ? header : (header ?? []).join(",");
  if (value.trim() === "") {
    throw new WebhookVerificationError("HEADER_MISSING", "no signature header");
  }
  const timestamps: string[] = [];
  const signatures: Buffer[] = [];
  for (const part of value.split(",")) {
    const separator = part.indexOf("=");
    const key = part.slice(0, separator).trim();
    const item = part.slice(separator + 1).trim();
    if (separator <= 0 || key === "") {
      throw new WebhookVerificationError("HEADER_MALFORMED", `"${part.trim()}" is not key=value`);
    }
    if (key === "t") {
      timestamps.push(item);
    } else if (key === "v1") {
      // Not hex (or not 32 bytes) cannot match; it still counts as a v1 that was sent.
      signatures.push(/^[0-9a-fA-F]{64}$/.test(item) ? Buffer.from(item, "hex") : Buffer.alloc(0));
    }
  }
  const [timestamp, ...more] = timestamps;
  if (timestamp === undefined) {
    throw new WebhookVerificationError("TIMESTAMP_MISSING", "no t= timestamp");
  }
  if (more.length > 0 || !/^\d{1,15}$/.test(timestamp)) {
    throw new WebhookVerificationError("HEADER_MALFORMED", "t must be one whole number of seconds");
  }
  if (signatures.length === 0) {
    throw new WebhookVerificationError("HEADER_MALFORMED", "no v1 signature");
  }
  return { timestamp, signatures };
}
