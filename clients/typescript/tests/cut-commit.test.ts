// Retries across a lost commit: clients/cut-commit makes the server's database connection break
// while createInquiry commits (as in a failover), so the server answers UNAVAILABLE
// COMMIT_OUTCOME_UNKNOWN and the inquiry is not made. Each test cuts only the inquiries with a
// reference ID of its own.
//   clients/with-server clients/typescript/test
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, it } from "node:test";

import { Code, createClient } from "@connectrpc/connect";
import type { CallOptions, Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";

import {
  AuditService,
  InquiryService,
  InquiryTemplateService,
  bearerAuth,
  errorInfo,
  retryInterceptor,
  withIdempotencyKey,
} from "../src/index.js";
import { HANG_MS, failure, requireEnv } from "./support.js";

/** clients/cut-commit, from dist/tests. */
const cutCommitScript = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "cut-commit",
);

/** Runs clients/cut-commit on the inquiries with that reference ID; returns what it printed. */
async function cutCommit(action: string, referenceId: string): Promise<string> {
  requireEnv("VERILINK_DATABASE_URL"); // clients/with-server exports it; the script reads it
  const { stdout } = await promisify(execFile)(
    cutCommitScript,
    [action, "inquiries", "reference_id", referenceId],
    { timeout: HANG_MS },
  );
  return stdout.trim();
}

/**
 * Clients of the server that record the `idempotency-key` header of every attempt of
 * createInquiry, as the transport sends it (the recorder runs after the retry interceptor, inside
 * its loop).
 */
function recordedClients(retry: boolean) {
  const keys: (string | null)[] = [];
  const record: Interceptor = (next) => async (req) => {
    if (req.method.name === "CreateInquiry") {
      keys.push(req.header.get("idempotency-key"));
    }
    return await next(req);
  };
  const patient = retryInterceptor({ maxAttempts: 1_000 }); // until the deadline, HANG_MS
  const transport = createGrpcTransport({
    baseUrl: `http://${requireEnv("VERILINK_ADDR")}`,
    interceptors: [bearerAuth(requireEnv("VERILINK_API_KEY")), ...(retry ? [patient] : []), record],
    defaultTimeoutMs: HANG_MS,
  });
  return {
    templates: createClient(InquiryTemplateService, transport),
    inquiries: createClient(InquiryService, transport),
    audit: createClient(AuditService, transport),
    keys,
  };
}

type Clients = ReturnType<typeof recordedClients>;

/** Arms a cut for a fresh reference ID, runs `f` with it and disarms the cut. */
async function withCut(f: (referenceId: string) => Promise<void>): Promise<void> {
  const referenceId = `ts-cut-${randomUUID()}`;
  await cutCommit("arm", referenceId);
  try {
    await f(referenceId);
  } finally {
    await cutCommit("disarm", referenceId);
  }
}

/** A createInquiry request from the first template for that reference ID. */
async function createRequest(clients: Clients, referenceId: string) {
  const { inquiryTemplates } = await clients.templates.listInquiryTemplates({});
  return { inquiry: { inquiryTemplateId: inquiryTemplates[0]?.id ?? "", referenceId } };
}

async function inquiriesOf(clients: Clients, referenceId: string): Promise<string[]> {
  const { inquiries } = await clients.inquiries.listInquiries({ referenceId });
  return inquiries.map((inquiry) => inquiry.id);
}

/**
 * Creates the inquiry of `referenceId` across its cut commit with retries: it makes one inquiry in
 * two commits (the cut one and the retry's), every attempt with one key, the same. Returns that key
 * and the `idempotencyKeyDigest` of the `inquiry.created` event in the audit log.
 */
async function createdOnceAfterACut(
  referenceId: string,
  options: CallOptions = {},
): Promise<{ key: string; digest: string }> {
  const clients = recordedClients(true);
  const request = await createRequest(clients, referenceId);
  const { inquiry } = await clients.inquiries.createInquiry(request, options);
  const id = inquiry?.id ?? "";
  const sent = clients.keys;
  assert.deepEqual(await inquiriesOf(clients, referenceId), [id]);
  assert.equal(await cutCommit("count", referenceId), "2");
  assert.ok(sent.length >= 2, `${sent.length} attempt(s): the cut one and a retry at least`);
  assert.ok(sent[0], "the first attempt sent no idempotency key");
  assert.deepEqual(sent, Array(sent.length).fill(sent[0]), "the attempts sent different keys");
  const { events } = await clients.audit.listAuditEvents({
    inquiryId: id,
    eventName: "inquiry.created",
  });
  assert.equal(events.length, 1);
  return { key: sent[0], digest: events[0]?.actor?.idempotencyKeyDigest ?? "" };
}

const sha256 = (key: string) => createHash("sha256").update(key).digest("hex");

describe("retries across a cut commit (clients/cut-commit)", () => {
  it("with retries, a generated key makes the retry of a cut create safe", async () => {
    await withCut(async (referenceId) => {
      const { key, digest } = await createdOnceAfterACut(referenceId);
      assert.notEqual(digest, "");
      assert.equal(digest, sha256(key), "the audit event names another key than the client sent");
    });
  });

  it("without retries, a cut create fails with COMMIT_OUTCOME_UNKNOWN and makes nothing", async () => {
    await withCut(async (referenceId) => {
      const clients = recordedClients(false);
      const request = await createRequest(clients, referenceId);
      const err = await failure(() => clients.inquiries.createInquiry(request));
      assert.equal(err.code, Code.Unavailable, String(err));
      assert.equal(errorInfo(err)?.reason, "COMMIT_OUTCOME_UNKNOWN");
      assert.deepEqual(clients.keys, [null], "without retries, no key is added");
      assert.equal(await cutCommit("count", referenceId), "1");
      assert.deepEqual(await inquiriesOf(clients, referenceId), []);
    });
  });

  it("with retries, the caller's key is kept across a cut create", async () => {
    await withCut(async (referenceId) => {
      const own = `ts-own-${randomUUID()}`;
      const { key, digest } = await createdOnceAfterACut(referenceId, withIdempotencyKey(own));
      assert.equal(key, own);
      assert.equal(digest, sha256(own));
    });
  });
});
