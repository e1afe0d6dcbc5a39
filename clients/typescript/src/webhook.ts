// Verifying a webhook delivery: the signature header (`t=<unix seconds>,v1=<hex HMAC-SHA256>`)
// against the raw body, then the body as the typed verilink.v1.WebhookEvent (Verilink format,
// `Verilink-Signature`) or as Persona's event object (Persona format, `Persona-Signature`: one such
// pair per secret, separated by spaces).
import { createHmac, timingSafeEqual } from "node:crypto";

import { fromJsonString } from "@bufbuild/protobuf";
import type { JsonObject, JsonValue } from "@bufbuild/protobuf";

import { WebhookEventSchema } from "./gen/verilink/v1/event_pb.js";
import type { WebhookEvent } from "./gen/verilink/v1/event_pb.js";

/** How far a delivery's timestamp may be from now, in seconds, unless told otherwise. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** Why `verifyWebhook` or `verifyPersonaWebhook` refused a delivery. */
export type WebhookVerificationReason =
  /** No signature header, or an empty one. */
  | "HEADER_MISSING"
  /**
   * Not a comma-separated list of `key=value`, `t` not a whole number, or no `v1` at all (in the
   * Persona format: in one of the space-separated pairs).
   */
  | "HEADER_MALFORMED"
  /** No `t=` timestamp in the header. */
  | "TIMESTAMP_MISSING"
  /** No `v1` matches the HMAC of the body under any of the secrets. */
  | "SIGNATURE_MISMATCH"
  /** The signature is right but its timestamp is further from now than the tolerance. */
  | "TIMESTAMP_OUT_OF_TOLERANCE"
  /**
   * The body is signed but is not an event of the format: a `WebhookEvent` in proto3 JSON with an
   * `id` and a `type` (`verifyWebhook`), Persona's event object (`verifyPersonaWebhook`).
   */
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
   * The VALUE of the `Verilink-Signature` header (for Persona-format webhooks, see
   * `verifyPersonaWebhook`). Several header lines (an array, as Node gives them) count as one
   * comma-separated list.
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
 * `WebhookEvent` (unknown fields ignored: new ones may be added) which must have an `id` and a
 * `type`. Throws a `WebhookVerificationError` otherwise.
 *
 *     const event = verifyWebhook({
 *       secrets: process.env.VERILINK_WEBHOOK_SECRET!,
 *       header: req.headers["verilink-signature"],
 *       body: rawBody,
 *     });
 */
export function verifyWebhook(options: VerifyWebhookOptions): WebhookEvent {
  const { secrets, tolerance, body } = checkOptions("verifyWebhook", options);
  const pair = parseSignaturePair(headerValue(options.header, ","));
  verifySignature(secrets, [pair], body, tolerance);
  let event: WebhookEvent;
  try {
    event = fromJsonString(WebhookEventSchema, decodeUtf8(body), { ignoreUnknownFields: true });
  } catch (err) {
    throw new WebhookVerificationError("PAYLOAD_INVALID", String(err), { cause: err });
  }
  if (event.id === "" || event.type === "") {
    throw new WebhookVerificationError(
      "PAYLOAD_INVALID",
      "not a Verilink webhook event (no id or type); Persona-format deliveries verify with verifyPersonaWebhook",
    );
  }
  return event;
}

export interface VerifyPersonaWebhookOptions {
  /**
   * The webhook's signing secret (`whsec_…`), or several: during a rotation, the new and the
   * previous one. A delivery verifies if any pair's `v1` matches under any secret.
   */
  secrets: string | readonly string[];
  /**
   * The VALUE of the `Persona-Signature` header: one `t=<unix seconds>,v1=<hex>` pair per live
   * secret, pairs separated by a space. Several header lines (an array, as Node gives them) count
   * as one space-separated list.
   */
  header: string | readonly string[] | null | undefined;
  /** The raw request body, exactly as received (bytes; a string is taken as its UTF-8). */
  body: Uint8Array | string;
  /** Maximum distance of the timestamp from now, in either direction (default 300 s). */
  toleranceSeconds?: number;
}

/**
 * The resource an event is about, in Persona's JSON:API shape (keys in kebab case):
 * `{"type": "inquiry", "id": "inq_…", "attributes": {"status": "approved", "reference-id": …},
 * "relationships": {…}}`. `type` is `inquiry`, `inquiry-session` or `one-time-link`.
 */
export interface PersonaSubject extends JsonObject {
  type: string;
  id: string;
  attributes: JsonObject;
}

/** The event a Persona-format delivery carries: the body's `data`. */
export interface PersonaEvent {
  /** `data.id`: the event's ID (`evt_…`), the same on a redelivery (and in `Verilink-Event-Id`). */
  readonly id: string;
  /** `data.type`: always `event`. */
  readonly type: "event";
  /** `data.attributes.name`, e.g. `inquiry.approved`, `inquiry-session.started`. */
  readonly name: string;
  /** `data.attributes.created-at`: when the event happened. */
  readonly createdAt: Date;
  /** `data.attributes.payload.data`: the inquiry, session or link as it was at the event. */
  readonly subject: PersonaSubject;
}

/**
 * Verifies a delivery of a Persona-format webhook (`format: WebhookFormat.PERSONA`) and returns
 * its event. As `verifyWebhook` does, but each space-separated `t=…,v1=…` pair of the
 * `Persona-Signature` header is checked with its own `t`: every `v1` against the HMAC-SHA256 of
 * `"<t>.<body>"` under every secret, in constant time, and the matching pair's `t` within the
 * tolerance of now. Only then is the body parsed, as Persona's event object (unknown keys
 * ignored). Throws a `WebhookVerificationError` otherwise.
 *
 *     const event = verifyPersonaWebhook({
 *       secrets: process.env.VERILINK_WEBHOOK_SECRET!,
 *       header: req.headers["persona-signature"],
 *       body: rawBody,
 *     });
 *     if (event.name === "inquiry.approved") console.log(event.subject.id);
 */
export function verifyPersonaWebhook(options: VerifyPersonaWebhookOptions): PersonaEvent {
  const { secrets, tolerance, body } = checkOptions("verifyPersonaWebhook", options);
  const pairs = headerValue(options.header, " ").trim().split(/\s+/).map(parseSignaturePair);
  verifySignature(secrets, pairs, body, tolerance);
  return parsePersonaEvent(body);
}

/** The secrets, the tolerance and the body's bytes of either verifier's options. */
function checkOptions(
  caller: string,
  options: VerifyWebhookOptions | VerifyPersonaWebhookOptions,
): { secrets: readonly string[]; tolerance: number; body: Uint8Array } {
  const secrets = typeof options.secrets === "string" ? [options.secrets] : options.secrets;
  if (secrets.length === 0 || secrets.some((secret) => secret === "")) {
    throw new TypeError(`${caller}: secrets must hold at least one non-empty secret`);
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (!(tolerance >= 0)) {
    throw new TypeError(`${caller}: toleranceSeconds must be a number ≥ 0`);
  }
  const body =
    typeof options.body === "string" ? new TextEncoder().encode(options.body) : options.body;
  return { secrets, tolerance, body };
}

/** The header's lines joined with `separator`; HEADER_MISSING when there is nothing. */
function headerValue(header: VerifyWebhookOptions["header"], separator: string): string {
  const value = typeof header === "string" ? header : (header ?? []).join(separator);
  if (value.trim() === "") {
    throw new WebhookVerificationError("HEADER_MISSING", "no signature header");
  }
  return value;
}

/** A timestamp (digits) and the `v1` signatures (decoded hex) made at it. */
interface SignaturePair {
  timestamp: string;
  signatures: Buffer[];
}

/**
 * Succeeds when a `v1` of a pair is the HMAC-SHA256 of `"<t>.<body>"`, with the pair's `t`, under
 * one of the secrets (compared in constant time) and that `t` is within `tolerance` s of now.
 */
function verifySignature(
  secrets: readonly string[],
  pairs: readonly SignaturePair[],
  body: Uint8Array,
  tolerance: number,
): void {
  const signed = pairs.filter(({ timestamp, signatures }) =>
    secrets.some((secret) => {
      const expected = createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest();
      return signatures.some(
        (signature) => signature.length === expected.length && timingSafeEqual(signature, expected),
      );
    }),
  );
  if (signed.length === 0) {
    throw new WebhookVerificationError(
      "SIGNATURE_MISMATCH",
      "no v1 signature matches the body under the given secrets",
    );
  }
  const now = Date.now() / 1000;
  const ages = signed.map(({ timestamp }) => now - Number(timestamp));
  if (ages.every((age) => Math.abs(age) > tolerance)) {
    const age = ages[0] ?? 0;
    throw new WebhookVerificationError(
      "TIMESTAMP_OUT_OF_TOLERANCE",
      `signed ${Math.round(Math.abs(age))} s ${age > 0 ? "ago" : "in the future"}, tolerance ${tolerance} s`,
    );
  }
}

/** The timestamp and the `v1` signatures of one comma-separated `t=…,v1=…` list. */
function parseSignaturePair(value: string): SignaturePair {
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

function decodeUtf8(body: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(body);
}

/** Persona's event object: `{"data": {"type": "event", "id", "attributes": {…}}}`. */
function parsePersonaEvent(body: Uint8Array): PersonaEvent {
  let document: JsonValue;
  try {
    document = JSON.parse(decodeUtf8(body)) as JsonValue;
  } catch (err) {
    throw new WebhookVerificationError("PAYLOAD_INVALID", String(err), { cause: err });
  }
  const data = objectAt(document, "data", "data");
  if (data.type !== "event") {
    throw new WebhookVerificationError("PAYLOAD_INVALID", 'data.type is not "event"');
  }
  const attributes = objectAt(data, "data.attributes", "attributes");
  const createdAt = new Date(stringAt(attributes, "data.attributes.created-at", "created-at"));
  if (Number.isNaN(createdAt.getTime())) {
    throw new WebhookVerificationError("PAYLOAD_INVALID", "data.attributes.created-at is no time");
  }
  const payload = objectAt(attributes, "data.attributes.payload", "payload");
  const subject = objectAt(payload, "data.attributes.payload.data", "data");
  const where = "data.attributes.payload.data";
  stringAt(subject, `${where}.type`, "type");
  stringAt(subject, `${where}.id`, "id");
  objectAt(subject, `${where}.attributes`, "attributes");
  return {
    id: stringAt(data, "data.id", "id"),
    type: "event",
    name: stringAt(attributes, "data.attributes.name", "name"),
    createdAt,
    subject: subject as PersonaSubject,
  };
}

/** The object under `key` of `value` (`where` names it in messages); PAYLOAD_INVALID if none. */
function objectAt(value: JsonValue, where: string, key: string): JsonObject {
  const found = isObject(value) ? value[key] : undefined;
  if (found === undefined || !isObject(found)) {
    throw new WebhookVerificationError("PAYLOAD_INVALID", `${where} is not an object`);
  }
  return found;
}

/** The non-empty string under `key` of `object`; PAYLOAD_INVALID if none. */
function stringAt(object: JsonObject, where: string, key: string): string {
  const found = object[key];
  if (typeof found !== "string" || found === "") {
    throw new WebhookVerificationError("PAYLOAD_INVALID", `${where} is not a non-empty string`);
  }
  return found;
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
