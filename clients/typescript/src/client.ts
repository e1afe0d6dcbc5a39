// Thin layer over the generated stubs (src/gen, from ./generate): one gRPC transport with the
// credentials and a default deadline, one Connect client per service, and helpers for the
// idempotency-key option and for reading google.rpc error details. Everything of the API itself
// (messages, services, methods) comes from the generated code.
import { ConnectError, createClient } from "@connectrpc/connect";
import type { CallOptions, Client, Interceptor, Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";

import { BadRequestSchema, ErrorInfoSchema } from "./gen/google/rpc/error_details_pb.js";
import type { BadRequest, ErrorInfo } from "./gen/google/rpc/error_details_pb.js";
import { Health } from "./gen/grpc/health/v1/health_pb.js";
import { InquiryService } from "./gen/verilink/v1/inquiry_pb.js";
import { InquiryTemplateService } from "./gen/verilink/v1/inquiry_template_pb.js";
import { OneTimeLinkService } from "./gen/verilink/v1/one_time_link_pb.js";
import { SessionService } from "./gen/verilink/v1/session_pb.js";
import { WebhookService } from "./gen/verilink/v1/webhook_pb.js";

/** The `google.rpc.ErrorInfo.domain` of every error Verilink returns. */
export const ERROR_DOMAIN = "verilink.dev";

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
}

export interface VerilinkClient {
  templates: Client<typeof InquiryTemplateService>;
  inquiries: Client<typeof InquiryService>;
  sessions: Client<typeof SessionService>;
  oneTimeLinks: Client<typeof OneTimeLinkService>;
  webhooks: Client<typeof WebhookService>;
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
 * replays the first response for 24 hours. Example:
 *
 *     await client.inquiries.createInquiry(req, withIdempotencyKey("create-user-42"));
 */
export function withIdempotencyKey(key: string, options: CallOptions = {}): CallOptions {
  const headers = new Headers(options.headers);
  headers.set("idempotency-key", key);
  return { ...options, headers };
}

/**
 * The `google.rpc.ErrorInfo` of a failed call (its `reason`, e.g. `INQUIRY_NOT_FOUND`, is the
 * stable value to branch on), or undefined if `err` carries none.
 */
export function errorInfo(err: unknown): ErrorInfo | undefined {
  if (!(err instanceof ConnectError)) {
    return undefined;
  }
  return err.findDetails(ErrorInfoSchema)[0];
}

/** The `google.rpc.BadRequest` (field violations) of an INVALID_ARGUMENT error, if any. */
export function badRequest(err: unknown): BadRequest | undefined {
  if (!(err instanceof ConnectError)) {
    return undefined;
  }
  return err.findDetails(BadRequestSchema)[0];
}
