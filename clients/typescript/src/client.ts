// Thin layer over the generated stubs (src/gen, from ./generate): one gRPC transport with the
// credentials, a default deadline and optional safe retries, one Connect client per service, and
// the idempotency-key option. Everything of the API itself (messages, services, methods) comes from
// the generated code.
import { createClient } from "@connectrpc/connect";
import type { CallOptions, Client, Interceptor, Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";

import { Health } from "./gen/grpc/health/v1/health_pb.js";
import { AuditService } from "./gen/verilink/v1/audit_pb.js";
import { InquiryService } from "./gen/verilink/v1/inquiry_pb.js";
import { InquiryTemplateService } from "./gen/verilink/v1/inquiry_template_pb.js";
import { OneTimeLinkService } from "./gen/verilink/v1/one_time_link_pb.js";
import { SessionService } from "./gen/verilink/v1/session_pb.js";
import { WebhookService } from "./gen/verilink/v1/webhook_pb.js";
import { retryInterceptor } from "./retry.js";
import type { RetryOptions } from "./retry.js";

/** Default deadline of every call, unless `timeoutMs` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface VerilinkClientOptions {
  /**
   * The gRPC server: `host:port` (e.g. `127.0.0.1:50051`, `api.verilink.dev:443`) or a full
   * base URL (`https://api.verilink.dev`). A bare `host:port` uses plaintext unless `tls` is true.
   */
  address: string;
  /** API key (`vlk_sandbox_…` or `vlk_live_…`), sent as `authorization: Bearer <key>`. */
  apiKey?: string;
  /**
   * End-user session token (`vls_…`, from RedeemOneTimeLink) for SessionService.GetCurrentSession
   * and SubmitSession; used instead of `apiKey`. Setting both is an error.
   */
  sessionToken?: string;
  /** Use TLS (HTTP/2 over TLS, system CAs; add a CA with NODE_EXTRA_CA_CERTS). Default false. */
  tls?: boolean;
  /** Deadline of each call in milliseconds (default 30 000); a call's own `timeoutMs` wins. */
  timeoutMs?: number;
  /**
   * Retry reads and calls with an idempotency key after `UNAVAILABLE`, `ABORTED`
   * `IDEMPOTENCY_KEY_IN_USE` or a lost connection, with backoff, within the call's deadline
   * (see `retryInterceptor`). A mutation without a key of yours gets one generated, the same on
   * every attempt, so it is retried without ever being done twice. `true` uses the defaults
   * (5 attempts, 100 ms doubling up to 5 s). Default false: Connect and gRPC clients for Node do
   * not retry unless asked to; then no key is added.
   */
  retry?: boolean | RetryOptions;
}

export interface VerilinkClient {
  templates: Client<typeof InquiryTemplateService>;
  inquiries: Client<typeof InquiryService>;
  sessions: Client<typeof SessionService>;
  oneTimeLinks: Client<typeof OneTimeLinkService>;
  webhooks: Client<typeof WebhookService>;
  /** The audit log (`verilink.v1.AuditService`): every event, with its actor. */
  audit: Client<typeof AuditService>;
  /** The standard gRPC health service (`grpc.health.v1.Health`). */
  health: Client<typeof Health>;
  /** The underlying transport, for clients of other services on the same connection. */
  transport: Transport;
}

/** Interceptor adding `authorization: Bearer <credential>` to every call. */
export function bearerAuth(credential: string): Interceptor {
  const value = `Bearer ${credential}`;
  return (next) => async (req) => {
    req.header.set("authorization", value);
    return await next(req);
  };
}

/** Creates the clients of every Verilink service over one HTTP/2 gRPC connection. */
export function createVerilinkClient(options: VerilinkClientOptions): VerilinkClient {
  if (options.apiKey !== undefined && options.sessionToken !== undefined) {
    throw new Error("createVerilinkClient: set apiKey or sessionToken, not both");
  }
  const credential = options.apiKey ?? options.sessionToken;
  const interceptors: Interceptor[] = credential === undefined ? [] : [bearerAuth(credential)];
  if (options.retry !== undefined && options.retry !== false) {
    interceptors.push(retryInterceptor(options.retry === true ? {} : options.retry));
  }
  const transport = createGrpcTransport({
    baseUrl: baseUrl(options.address, options.tls ?? false),
    interceptors,
    defaultTimeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  return {
    templates: createClient(InquiryTemplateService, transport),
    inquiries: createClient(InquiryService, transport),
    sessions: createClient(SessionService, transport),
    oneTimeLinks: createClient(OneTimeLinkService, transport),
    webhooks: createClient(WebhookService, transport),
    audit: createClient(AuditService, transport),
    health: createClient(Health, transport),
    transport,
  };
}

function baseUrl(address: string, tls: boolean): string {
  if (address.includes("://")) {
    return address;
  }
  return `${tls ? "https" : "http"}://${address}`;
}

/**
 * Call options carrying the idempotency-key option (`idempotency-key` metadata) of mutating
 * management RPCs; merges into `options` if given. Repeating a call with the same key and request
 * replays the first response for 24 hours. With the `retry` option a mutation without a key gets
 * one generated; set your own (and store it) to be able to repeat the call later, after a restart.
 * Example:
 *
 *     await client.inquiries.createInquiry(req, withIdempotencyKey("create-user-42"));
 */
export function withIdempotencyKey(key: string, options: CallOptions = {}): CallOptions {
  const headers = new Headers(options.headers);
  headers.set("idempotency-key", key);
  return { ...options, headers };
}
