// Safe automatic retries. Connect has no gRPC service-config retry policy, so this is an
// interceptor: it repeats a unary call that is safe to repeat (a read, or a call carrying an
// idempotency key) after a transient failure, with exponential backoff, within the call's deadline.
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
 * - calls carrying an `idempotency-key` header (see `withIdempotencyKey`): the server replays the
 *   first response instead of doing the work twice.
 *
 * It retries `UNAVAILABLE`, `ABORTED` with reason `IDEMPOTENCY_KEY_IN_USE` and connections lost
 * before an answer; never any other error, never a mutation without an idempotency key, never a
 * stream (see `watchInquiry` for resuming `WatchInquiry`). It stops at the call's deadline: a retry
 * that could not start before it is not made (the last error is raised), and each retry tells the
 * server the time that remains.
 */
export function retryInterceptor(options: RetryOptions = {}): Interceptor {
  const maxAttempts = options.maxAttempts ?? 5;
  return (next) => async (req) => {
    if (req.stream || !safeToRepeat(req)) {
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

/** A read, or a call whose idempotency key makes a repetition replay the first response. */
function safeToRepeat(req: UnaryRequest): boolean {
  const name = req.method.name;
  return (
    req.header.has("idempotency-key") ||
    name.startsWith("Get") ||
    name.startsWith("List") ||
    name === "ExportInquiry"
  );
}

/** The call's deadline (epoch milliseconds) from the `grpc-timeout` header Connect set, if any. */
function deadlineOf(req: UnaryRequest): number | undefined {
  const { timeoutMs } = parseTimeout(req.header.get(headerTimeout), Number.MAX_SAFE_INTEGER);
  return timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
}
