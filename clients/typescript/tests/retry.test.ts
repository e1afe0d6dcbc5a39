// The `retry` option against an address where a real server starts only about a second later.
//   clients/with-server clients/typescript/test
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";

import { Code, ConnectError } from "@connectrpc/connect";

import { createVerilinkClient, withIdempotencyKey } from "../src/index.js";
import { OwnServer, ownServerSkip, failure, freePort, requireEnv, within } from "./support.js";

const apiKey = requireEnv("VERILINK_API_KEY");
const main = createVerilinkClient({
  address: requireEnv("VERILINK_ADDR"),
  apiKey,
  timeoutMs: 10_000,
});

/** Milliseconds `call` takes to settle, and how: its result or its error. */
async function timed<T>(
  call: Promise<T>,
): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const started = Date.now();
  const [result] = await Promise.allSettled([call]);
  assert.ok(result);
  return { ms: Date.now() - started, result };
}

describe("safe retries (retry option)", () => {
  after(async () => await OwnServer.stopAll());

  it("without retries, a call to a server that is not up fails fast with UNAVAILABLE", async () => {
    const client = createVerilinkClient({ address: `127.0.0.1:${await freePort()}`, apiKey });
    const started = Date.now();
    const err = await failure(() => client.templates.listInquiryTemplates({}));
    assert.equal(err.code, Code.Unavailable);
    assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`);
  });

  it(
    "retries reads and keyed mutations until the server is up, never a mutation without key",
    { skip: ownServerSkip },
    async () => {
      const port = await freePort();
      const client = createVerilinkClient({
        address: `127.0.0.1:${port}`,
        apiKey,
        timeoutMs: 10_000,
        retry: { maxAttempts: 10 },
      });
      const { inquiryTemplates } = await main.templates.listInquiryTemplates({});
      const inquiryTemplateId = inquiryTemplates[0]?.id ?? "";
      const keyed = randomUUID();
      const unkeyed = randomUUID();

      const read = timed(client.templates.listInquiryTemplates({}));
      const keyedCreate = timed(
        client.inquiries.createInquiry(
          { inquiry: { inquiryTemplateId, referenceId: keyed } },
          withIdempotencyKey(keyed),
        ),
      );
      const unkeyedCreate = timed(
        client.inquiries.createInquiry({ inquiry: { inquiryTemplateId, referenceId: unkeyed } }),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await OwnServer.start(port);

      const outcomes = await within(
        "the calls to settle",
        15_000,
        Promise.all([read, keyedCreate, unkeyedCreate]),
      );
      const [readOutcome, keyedOutcome, unkeyedOutcome] = outcomes;
      assert.equal(readOutcome.result.status, "fulfilled", String(readOutcome.result));
      assert.ok(readOutcome.ms >= 1_000, `the read succeeded after ${readOutcome.ms} ms`);
      assert.equal(keyedOutcome.result.status, "fulfilled");
      assert.ok(keyedOutcome.ms >= 1_000, `the keyed create succeeded after ${keyedOutcome.ms} ms`);

      assert.equal(unkeyedOutcome.result.status, "rejected");
      assert.equal(ConnectError.from(unkeyedOutcome.result.reason).code, Code.Unavailable);
      assert.ok(unkeyedOutcome.ms < 500, `the unkeyed create failed after ${unkeyedOutcome.ms} ms`);
      const [ofKeyed, ofUnkeyed] = await Promise.all(
        [keyed, unkeyed].map((referenceId) => main.inquiries.listInquiries({ referenceId })),
      );
      assert.equal(ofKeyed?.inquiries.length, 1, "the keyed create made one inquiry");
      assert.equal(ofUnkeyed?.inquiries.length, 0, "the unkeyed create never reached a server");
    },
  );

  it("gives up within the call's deadline", async () => {
    const client = createVerilinkClient({
      address: `127.0.0.1:${await freePort()}`,
      apiKey,
      retry: { maxAttempts: 100 },
    });
    const started = Date.now();
    const err = await failure(() => client.templates.listInquiryTemplates({}, { timeoutMs: 700 }));
    const ms = Date.now() - started;
    assert.equal(err.code, Code.Unavailable);
    assert.ok(ms >= 200 && ms <= 800, `gave up after ${ms} ms`);
  });

  it("retries ABORTED IDEMPOTENCY_KEY_IN_USE: concurrent calls with one key all get the first response", async () => {
    // Without retries, all but one of these calls fail with ABORTED IDEMPOTENCY_KEY_IN_USE while
    // the first one runs.
    const client = createVerilinkClient({
      address: requireEnv("VERILINK_ADDR"),
      apiKey,
      timeoutMs: 10_000,
      retry: true,
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
