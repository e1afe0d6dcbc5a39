// What the retry interceptor (retry.ts) and the resumable watch (watch.ts) share: exponential
// backoff with jitter, an abortable sleep, and which failures are worth another attempt.
import { setTimeout as delay } from "node:timers/promises";

import { Code, ConnectError } from "@connectrpc/connect";

import { errorInfo } from "./errors.js";

/** Exponential backoff: the first delay, doubled after every failed attempt up to the maximum. */
export interface BackoffOptions {
  /** Delay before the first retry or reconnection, in milliseconds (default 100). */
  initialBackoffMs?: number;
  /** Upper bound of the delay, in milliseconds (default 5 000). */
  maxBackoffMs?: number;
}

/** Delays of 100 ms doubling up to 5 s (or as configured), each with ±20 % random jitter. */
export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  #current: number;

  constructor(options: BackoffOptions = {}) {
    this.#initial = options.initialBackoffMs ?? 100;
    this.#max = options.maxBackoffMs ?? 5_000;
    this.#current = this.#initial;
  }

  /** The delay to wait now; the one after it is twice as long (up to the maximum). */
  next(): number {
    const current = this.#current;
    this.#current = Math.min(current * 2, this.#max);
    return current * (0.8 + 0.4 * Math.random());
  }

  /** Back to the initial delay, after an attempt that succeeded. */
  reset(): void {
    this.#current = this.#initial;
  }
}

/** Waits `ms` milliseconds; rejects with the signal's reason as soon as `signal` aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (err) {
    signal?.throwIfAborted();
    throw err;
  }
}

/**
 * Whether another attempt of a call that is safe to repeat may succeed: `UNAVAILABLE`, `ABORTED`
 * with reason `IDEMPOTENCY_KEY_IN_USE` (the first call with the key is still running), and a
 * connection lost before the server sent a status. gRPC reports the latter as `UNAVAILABLE`;
 * connect-node reports it as `CANCELED` (connection closed), `ABORTED` (reset) or `INTERNAL` /
 * `UNKNOWN` (stream reset), without the `grpc-status` every answer of the server carries.
 * The caller must check its own signal first: a call it cancelled is not to be retried.
 */
export function isTransient(err: ConnectError): boolean {
  if (err.code === Code.Unavailable) {
    return true;
  }
  if (err.code === Code.Aborted && errorInfo(err)?.reason === "IDEMPOTENCY_KEY_IN_USE") {
    return true;
  }
  return (
    !err.metadata.has("grpc-status") &&
    [Code.Canceled, Code.Aborted, Code.Internal, Code.Unknown].includes(err.code)
  );
}
