// Safe automatic retries. Connect has no gRPC service-config retry policy, so this is an
// interceptor: it gives a mutation without an idempotency key one of its own, and repeats a unary
// call that is safe to repeat (a read, or a call carrying an idempotency key) after a transient
// failure, with exponential backoff, within the call's deadline.
import { randomUUID } from "node:crypto";

import { ConnectError } from "@connectrpc/connect";
import type { Interceptor, UnaryRequest } from "@connectrpc/connect";
import { headerTimeout, parseTimeout } from "@connectrpc/connect/protocol-grpc";

import { Backoff, isTransient, sleep } from "./backoff.js";
import type { BackoffOptions } from "./backoff.js";

/** How `retryInterceptor` (the `retry` option of `createVerilinkClient`) retries. */
export interface RetryOptions extends BackoffOptions {
  /** Attempts in all, the first one included (default 5). */
  maxAttempts?: number;
}

/**
 * Interceptor retrying, with backoff (100 ms doubling up to 5 s, ±20 % jitter, by default), the
 * unary calls that are safe to repeat:
 * - reads: `Get*`, `List*` and `ExportInquiry`;
 * - calls carrying an `idempotency-key` header: the server replays the first response instead of
 *   doing the work twice. Every `verilink.v1` mutation carries one: the caller's (see
 *   `withIdempotencyKey`), which is kept, or else one this interceptor makes before the first
 *   attempt (`crypto.randomUUID()`) and every attempt sends. A retry after `UNAVAILABLE`
 *   `COMMIT_OUTCOME_UNKNOWN` (the connection lost while the change committed: it may have been
 *   made) thus never makes a change twice. A generated key lives as long as the call: to repeat a
 *   mutation later (after a restart of your process), set your own and store it.
 *   `RedeemOneTimeLink` and `SubmitSession` keep no replay on the server: retried after they took
 *   effect, they answer `LINK_ALREADY_USED` or `SESSION_EXPIRED`, and nothing is done twice.
 *
 * It retries `UNAVAILABLE`, `ABORTED` with reason `IDEMPOTENCY_KEY_IN_USE` and connections lost
 * before an answer; never any other error, never a stream (see `watchInquiry` for resuming
 * `WatchInquiry`), and it gives a stream no key. It stops at the call's deadline: a retry that
 * could not start before it is not made (the last error is raised), and each retry tells the server
 * the time that remains. Without this interceptor (the `retry` option) no key is added.
 */
export function retryInterceptor(options: RetryOptions = {}): Interceptor {
  const maxAttempts = options.maxAttempts ?? 5;
  return (next) => async (req) => {
    if (req.stream) {
      return await next(req);
    }
    if (isMutation(req) && !req.header.has(IDEMPOTENCY_KEY)) {
      // Once: every attempt below sends this request, so this key.
      req.header.set(IDEMPOTENCY_KEY, randomUUID());
    }
    if (!isRead(req) && !req.header.has(IDEMPOTENCY_KEY)) {
      return await next(req);
    }
    const deadline = deadlineOf(req);
    const backoff = new Backoff(options);
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(req);
      } catch (err) {
        const wait = backoff.next();
        if (
          attempt >= maxAttempts ||
          req.signal.aborted ||
          !isTransient(ConnectError.from(err)) ||
          (deadline !== undefined && Date.now() + wait >= deadline)
        ) {
          throw err;
        }
        await sleep(wait, req.signal);
        if (deadline !== undefined) {
          req.header.set(headerTimeout, `${Math.ceil(deadline - Date.now())}m`);
        }
      }
    }
  };
}

const IDEMPOTENCY_KEY = "idempotency-key";

/** A read: repeating it changes nothing. */
function isRead(req: UnaryRequest): boolean {
  const name = req.method.name;
  return name.startsWith("Get") || name.startsWith("List") || name === "ExportInquiry";
}

/** A call of a `verilink.v1` service that changes something (not the health service's). */
function isMutation(req: UnaryRequest): boolean {
  return req.service.typeName.startsWith("verilink.v1.") && !isRead(req);
}

/** The call's deadline (epoch milliseconds) from the `grpc-timeout` header Connect set, if any. */
function deadlineOf(req: UnaryRequest): number | undefined {
  const { timeoutMs } = parseTimeout(req.header.get(headerTimeout), Number.MAX_SAFE_INTEGER);
  return timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
}
