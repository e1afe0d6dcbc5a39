// watchInquiry against real servers: one of the test's own is stopped (drained) and restarted on
// the same port in the middle of the stream while the inquiry changes through the main server.
//   clients/with-server clients/typescript/test
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";

import { Code } from "@connectrpc/connect";

import {
  LAST_INQUIRY_EVENT,
  SimulatedInquiryAction,
  createVerilinkClient,
  watchInquiry,
} from "../src/index.js";
import type { Event, VerilinkClient } from "../src/index.js";
import {
  HANG_MS,
  OwnServer,
  ownServerSkip,
  failure,
  freePort,
  newInquiry,
  requireEnv,
  waitFor,
  within,
} from "./support.js";

const apiKey = requireEnv("VERILINK_API_KEY");
const main = createVerilinkClient({
  address: requireEnv("VERILINK_ADDR"),
  apiKey,
  timeoutMs: HANG_MS,
});

/** Consumes `events` in the background into `seen`; `done` settles when the iteration ends. */
function collect(events: AsyncIterable<Event>): { seen: Event[]; done: Promise<void> } {
  const seen: Event[] = [];
  const done = (async () => {
    for await (const event of events) {
      seen.push(event);
    }
  })();
  done.catch(() => {}); // awaited by the test; never an unhandled rejection meanwhile
  return { seen, done };
}

/**
 * The first `count` events of a fresh, non-resumed WatchInquiry of the inquiry. No deadline (the
 * callers bound it with `within`): Connect keeps a deadline's timer after a stream is cancelled.
 */
async function replay(client: VerilinkClient, inquiryId: string, count: number): Promise<Event[]> {
  const events: Event[] = [];
  const stop = new AbortController();
  const stream = client.inquiries.watchInquiry(
    { inquiryId },
    { signal: stop.signal, timeoutMs: 0 },
  );
  for await (const { event } of stream) {
    if (event !== undefined) {
      events.push(event);
    }
    if (events.length === count) {
      stop.abort();
      break;
    }
  }
  return events;
}

const summary = (events: Event[]) => events.map((e) => `${e.name} ${e.id}`);

describe("resumable watch (watchInquiry)", () => {
  const stopWatches = new AbortController();

  after(async () => {
    stopWatches.abort();
    await OwnServer.stopAll();
  });

  it(
    "sees every event exactly once, in order, across a server restart; ends after inquiry.redacted",
    { skip: ownServerSkip },
    async () => {
      const port = await freePort();
      let own = await OwnServer.start(port);
      const side = createVerilinkClient({ address: own.address, apiKey });
      const inquiryId = await newInquiry(main);
      const watch = collect(
        watchInquiry(side.inquiries, inquiryId, { signal: stopWatches.signal }),
      );
      await waitFor("inquiry.created through the own server", HANG_MS, () =>
        watch.seen.find((e) => e.name === "inquiry.created"),
      );

      await own.stop(); // drains: the stream ends with status OK, the watcher reconnects in vain
      await main.inquiries.addInquiryTag({ id: inquiryId, tag: "while-down" });
      await main.inquiries.simulateInquiryAction({
        id: inquiryId,
        action: SimulatedInquiryAction.START,
      });
      await main.inquiries.approveInquiry({ id: inquiryId, comment: "restart test" });
      own = await OwnServer.start(port);

      await waitFor("inquiry.approved after the restart", HANG_MS, () =>
        watch.seen.find((e) => e.name === "inquiry.approved"),
      );
      const names = watch.seen.map((e) => e.name);
      for (const name of ["inquiry.tags-updated", "inquiry.started", "inquiry.approved"]) {
        assert.ok(names.includes(name), `${name} missing from ${names.join(", ")}`);
      }
      const fresh = await within(
        "a fresh replay",
        HANG_MS,
        replay(main, inquiryId, watch.seen.length),
      );
      assert.deepEqual(summary(watch.seen), summary(fresh));

      await main.inquiries.redactInquiry({ id: inquiryId });
      await within("the watch to end after inquiry.redacted", HANG_MS, watch.done);
      assert.equal(watch.seen.at(-1)?.name, LAST_INQUIRY_EVENT);
      const all = await within(
        "a fresh replay",
        HANG_MS,
        replay(main, inquiryId, watch.seen.length),
      );
      assert.deepEqual(summary(watch.seen), summary(all));
    },
  );

  it(
    "resumes when the connection is lost (the server is killed)",
    { skip: ownServerSkip },
    async () => {
      let own = await OwnServer.start(await freePort());
      const side = createVerilinkClient({ address: own.address, apiKey });
      const inquiryId = await newInquiry(main);
      const stop = new AbortController();
      const watch = collect(watchInquiry(side.inquiries, inquiryId, { signal: stop.signal }));
      try {
        await waitFor("inquiry.created", HANG_MS, () => watch.seen[0]);
        await own.stop("SIGKILL");
        await main.inquiries.addInquiryTag({ id: inquiryId, tag: "after-kill" });
        own = await OwnServer.start(own.port);
        await waitFor("inquiry.tags-updated after the restart", HANG_MS, () => watch.seen[1]);
        const fresh = await within("a fresh replay", HANG_MS, replay(main, inquiryId, 2));
        assert.deepEqual(summary(watch.seen), summary(fresh));
        assert.equal(watch.seen[1]?.name, "inquiry.tags-updated");
      } finally {
        stop.abort();
      }
    },
  );

  it("resumes after afterEventId and stops when the caller breaks out", async () => {
    const inquiryId = await newInquiry(main);
    await main.inquiries.addInquiryTag({ id: inquiryId, tag: "second" });
    const [first, second] = await replay(main, inquiryId, 2);
    assert.ok(first && second);
    const seen: Event[] = [];
    await within(
      "the watch to stop on break",
      HANG_MS,
      (async () => {
        for await (const event of watchInquiry(main.inquiries, inquiryId, {
          afterEventId: first.id,
        })) {
          seen.push(event);
          break;
        }
      })(),
    );
    assert.deepEqual(summary(seen), summary([second]));
  });

  it("stops with the signal's reason when the caller aborts", async () => {
    const inquiryId = await newInquiry(main);
    const stop = new AbortController();
    const watch = collect(watchInquiry(main.inquiries, inquiryId, { signal: stop.signal }));
    await waitFor("inquiry.created", HANG_MS, () => watch.seen[0]);
    const reason = new Error("caller stops");
    stop.abort(reason);
    await assert.rejects(
      within("the watch to stop on abort", HANG_MS, watch.done),
      (err) => err === reason,
    );
    assert.equal(watch.seen.length, 1);
  });

  it("raises NOT_FOUND without retrying", async () => {
    // A watch that retried NOT_FOUND would go on for good: HANG_MS bounds that.
    const stop = new AbortController();
    try {
      const err = await within(
        "NOT_FOUND to end the watch (was it retried?)",
        HANG_MS,
        failure(async () => {
          const unknown = "inq_000000000000000000000000";
          for await (const event of watchInquiry(main.inquiries, unknown, {
            signal: stop.signal,
          })) {
            assert.fail(`unexpected event ${event.name}`);
          }
        }),
      );
      assert.equal(err.code, Code.NotFound);
    } finally {
      stop.abort();
    }
  });
});
