// The `retry` option against an address where a real server starts only about a second later, and
// against a server that counts the attempts it refuses.
//   clients/with-server clients/typescript/test
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { after, describe, it } from "node:test";

import { Code } from "@connectrpc/connect";

import { createVerilinkClient, withIdempotencyKey } from "../src/index.js";
import {
  HANG_MS,
  OwnServer,
  UnavailableServer,
  ownServerSkip,
  failure,
  freePort,
  requireEnv,
  within,
} from "./support.js";
import type { SeenCall } from "./support.js";

const apiKey = requireEnv("VERILINK_API_KEY");
const main = createVerilinkClient({
  address: requireEnv("VERILINK_ADDR"),
  apiKey,
  timeoutMs: HANG_MS,
});

/**
 * The default backoff (100 ms doubling to 5 s, ±20 %) with attempts until the call's deadline
 * (HANG_MS) rather than 5 (about 1.5 s): a server that is slow to start, or a first call with a key
 * that is slow to finish, on a busy machine is still waited for.
 */
const patient = { maxAttempts: 1_000 };

/**
 * A call that is not retried fails at once (in milliseconds) where nothing listens; one that waited
 * for the server would run until its deadline (HANG_MS). A bound far from both, so that a busy
 * machine is not taken for a wait. (Attempts are counted by an UnavailableServer.)
 */
const AT_ONCE_MS = 10_000;

/** A call in flight: whether and how it settled, and when (performance.now()). */
interface Tracked<T> {
  settled: boolean;
  done: Promise<{ at: number; result: PromiseSettledResult<T> }>;
}

function track<T>(call: Promise<T>): Tracked<T> {
  const tracked: Tracked<T> = {
    settled: false,
    done: Promise.allSettled([call]).then(([result]) => {
      assert.ok(result);
      tracked.settled = true;
      return { at: performance.now(), result };
    }),
  };
  return tracked;
}

describe("safe retries (retry option)", () => {
  after(async () => await OwnServer.stopAll());

  it("without retries, a call to a server that is not up fails at once with UNAVAILABLE", async () => {
    const client = createVerilinkClient({
      address: `127.0.0.1:${await freePort()}`,
      apiKey,
      timeoutMs: HANG_MS,
    });
    const err = await within(
      "the call to fail",
      AT_ONCE_MS,
      failure(() => client.templates.listInquiryTemplates({})),
    );
    assert.equal(err.code, Code.Unavailable);
  });

  it("makes one attempt without retries, maxAttempts with them, each of a mutation with one key (seen by the server)", async () => {
    const server = await UnavailableServer.start();
    try {
      const plain = createVerilinkClient({ address: server.address, apiKey, timeoutMs: HANG_MS });
      const retrying = createVerilinkClient({
        address: server.address,
        apiKey,
        timeoutMs: HANG_MS,
        retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 50 },
      });
      const create = { inquiry: { referenceId: randomUUID() } };
      const attempts = async (call: () => Promise<unknown>): Promise<SeenCall[]> => {
        server.calls.length = 0;
        assert.equal((await failure(call)).code, Code.Unavailable);
        return [...server.calls];
      };
      const list = { method: "ListInquiryTemplates", idempotencyKey: undefined };
      const createWith = (idempotencyKey: string | undefined) => ({
        method: "CreateInquiry",
        idempotencyKey,
      });

      // Without retries: one attempt, and no key but the caller's.
      assert.deepEqual(await attempts(() => plain.templates.listInquiryTemplates({})), [list]);
      assert.deepEqual(
        await attempts(() => plain.inquiries.createInquiry(create, withIdempotencyKey("k-1"))),
        [createWith("k-1")],
      );
      assert.deepEqual(await attempts(() => plain.inquiries.createInquiry(create)), [
        createWith(undefined),
      ]);
      // With retries: maxAttempts; a read without key, a mutation with the caller's key…
      assert.deepEqual(
        await attempts(() => retrying.templates.listInquiryTemplates({})),
        Array(3).fill(list),
      );
      assert.deepEqual(
        await attempts(() => retrying.inquiries.createInquiry(create, withIdempotencyKey("k-2"))),
        Array(3).fill(createWith("k-2")),
      );
      // … or else with one the client made for the call, the same on every attempt.
      const generated = await attempts(() => retrying.inquiries.createInquiry(create));
      const key = generated[0]?.idempotencyKey;
      assert.match(
        String(key),
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      assert.deepEqual(generated, Array(3).fill(createWith(String(key))));
      const again = await attempts(() => retrying.inquiries.createInquiry(create));
      assert.notEqual(again[0]?.idempotencyKey, key, "two calls sent the same generated key");
    } finally {
      await server.close();
    }
  });

  it(
    "retries reads and mutations, with the caller's key or a generated one, until the server is up",
    { skip: ownServerSkip },
    async () => {
      const port = await freePort();
      const client = createVerilinkClient({
        address: `127.0.0.1:${port}`,
        apiKey,
        timeoutMs: HANG_MS,
        retry: patient,
      });
      const { inquiryTemplates } = await main.templates.listInquiryTemplates({});
      const inquiryTemplateId = inquiryTemplates[0]?.id ?? "";
      const keyed = randomUUID();
      const unkeyed = randomUUID();

      const calls = [
        track(client.templates.listInquiryTemplates({})),
        track(
          client.inquiries.createInquiry(
            { inquiry: { inquiryTemplateId, referenceId: keyed } },
            withIdempotencyKey(keyed),
          ),
        ),
        track(
          client.inquiries.createInquiry({ inquiry: { inquiryTemplateId, referenceId: unkeyed } }),
        ),
      ];
      // Nothing listens yet: each call fails its first attempt and waits to retry.
      await sleep(1_000);
      assert.ok(
        calls.every((call) => !call.settled),
        "a retried call gave up before the server",
      );
      const starting = performance.now();
      await OwnServer.start(port);

      const outcomes = await within(
        "the retried calls to settle",
        HANG_MS,
        Promise.all(calls.map((call) => call.done)),
      );
      for (const outcome of outcomes) {
        assert.equal(outcome.result.status, "fulfilled", String(outcome.result));
        assert.ok(outcome.at > starting, "a call succeeded before the server started");
      }

      const [ofKeyed, ofUnkeyed] = await Promise.all(
        [keyed, unkeyed].map((referenceId) => main.inquiries.listInquiries({ referenceId })),
      );
      assert.equal(
        ofKeyed?.inquiries.length,
        1,
        "the create with the caller's key made one inquiry",
      );
      assert.equal(
        ofUnkeyed?.inquiries.length,
        1,
        "the create with a generated key made one inquiry",
      );
    },
  );

  it("gives up within the call's deadline", async () => {
    const client = createVerilinkClient({
      address: `127.0.0.1:${await freePort()}`,
      apiKey,
      retry: { maxAttempts: 100 },
    });
    const started = performance.now();
    const err = await failure(() => client.templates.listInquiryTemplates({}, { timeoutMs: 700 }));
    const ms = performance.now() - started;
    // The last attempt may also be cut short by the deadline.
    assert.ok([Code.Unavailable, Code.DeadlineExceeded].includes(err.code), String(err));
    // Before the deadline the retries wait 240 ms at least (busy or not); past it, 100 attempts
    // would go on for minutes.
    assert.ok(ms >= 200 && ms < 700 + AT_ONCE_MS, `gave up after ${ms} ms`);
  });

  it("retries ABORTED IDEMPOTENCY_KEY_IN_USE: concurrent calls with one key all get the first response", async () => {
    // Without retries, all but one of these calls fail with ABORTED IDEMPOTENCY_KEY_IN_USE while
    // the first one runs.
    const client = createVerilinkClient({
      address: requireEnv("VERILINK_ADDR"),
      apiKey,
      timeoutMs: HANG_MS,
      retry: patient,
    });
    const { inquiryTemplates } = await client.templates.listInquiryTemplates({});
    const key = randomUUID();
    const request = {
      inquiry: { inquiryTemplateId: inquiryTemplates[0]?.id ?? "", referenceId: key },
    };
    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        client.inquiries.createInquiry(request, withIdempotencyKey(key)),
      ),
    );
    const ids = new Set(responses.map((res) => res.inquiry?.id));
    assert.equal(ids.size, 1, `ids ${[...ids].join(", ")}`);
    const { inquiries } = await client.inquiries.listInquiries({ referenceId: key });
    assert.deepEqual(
      inquiries.map((i) => i.id),
      [...ids],
    );
  });
});
