// The resumable watch: WatchInquiry, reconnected after the last event seen whenever the stream
// ends before the inquiry's last event, so the caller sees every event once, in order.
import { ConnectError } from "@connectrpc/connect";
import type { Client } from "@connectrpc/connect";

import { Backoff, isTransient, sleep } from "./backoff.js";
import type { BackoffOptions } from "./backoff.js";
import type { Event } from "./gen/verilink/v1/event_pb.js";
import type { InquiryService } from "./gen/verilink/v1/inquiry_pb.js";

/** The last event of an inquiry: nothing follows `inquiry.redacted`. */
export const LAST_INQUIRY_EVENT = "inquiry.redacted";

export interface WatchInquiryOptions extends BackoffOptions {
  /** Start after this event (`evt_…`), e.g. the last one a previous watch saw; default: all. */
  afterEventId?: string;
  /** Stops the watch: the iteration then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Every event of an inquiry, the past ones first, then live ones as they commit, each exactly once
 * and in order; ends after `inquiry.redacted`.
 *
 * When the stream ends early — the server drains (status OK), is unavailable or the connection is
 * lost — it reconnects with `after_event_id` set to the last event seen, waiting 100 ms, then twice
 * as long after each attempt that failed, up to 5 s (see `BackoffOptions`; reset once a connection
 * delivers an event or is closed cleanly by the server). Any other error (`NOT_FOUND`,
 * `UNAUTHENTICATED`, …) is thrown to the caller. Streams have no deadline.
 *
 * Stop with `break` (the stream is cancelled) or with `signal`.
 *
 *     for await (const event of watchInquiry(client.inquiries, "inq_…")) {
 *       console.log(event.name, event.id);
 *     }
 */
export async function* watchInquiry(
  inquiries: Client<typeof InquiryService>,
  inquiryId: string,
  options: WatchInquiryOptions = {},
): AsyncGenerator<Event, void, undefined> {
  const { signal } = options;
  signal?.throwIfAborted();
  // Aborted by the caller's signal, and on the way out (break, return, error) to cancel the stream.
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort);
  const backoff = new Backoff(options);
  let afterEventId = options.afterEventId ?? "";
  try {
    for (;;) {
      let progressed = false;
      try {
        const stream = inquiries.watchInquiry(
          { inquiryId, afterEventId },
          { signal: stop.signal, timeoutMs: 0 },
        );
        for await (const { event } of stream) {
          if (event === undefined) {
            continue;
          }
          afterEventId = event.id;
          progressed = true;
          yield event;
          if (event.name === LAST_INQUIRY_EVENT) {
            return;
          }
        }
        progressed = true; // ended with status OK: the server closed the stream (e.g. draining)
      } catch (err) {
        signal?.throwIfAborted();
        const error = ConnectError.from(err);
        if (!isTransient(error)) {
          throw error;
        }
      }
      if (progressed) {
        backoff.reset();
      }
      await sleep(backoff.next(), stop.signal);
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    stop.abort();
  }
}
