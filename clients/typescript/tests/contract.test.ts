// Contract scenario of the Verilink clients, run against a real server:
//   clients/with-server clients/typescript/test   (this file: tests/contract.test.ts)
// Steps share state and run in order (node:test runs the tests of a describe sequentially).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";

import { toJson } from "@bufbuild/protobuf";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";

import {
  ActorKind,
  ERROR_DOMAIN,
  FieldValueSchema,
  HealthCheckResponse_ServingStatus,
  InquiryService,
  InquiryStatus,
  SandboxOutcome,
  badRequest,
  createVerilinkClient,
  errorInfo,
  withIdempotencyKey,
} from "../src/index.js";
import type { FieldValue, VerilinkClient } from "../src/index.js";
import { HANG_MS, failure, requireEnv } from "./support.js";

const address = requireEnv("VERILINK_ADDR");
const apiKey = requireEnv("VERILINK_API_KEY");

/** Fields as their canonical JSON, for readable comparisons. */
function fieldsJson(fields: { [key: string]: FieldValue }): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, toJson(FieldValueSchema, value)]),
  );
}

describe("Verilink contract scenario", () => {
  const client: VerilinkClient = createVerilinkClient({ address, apiKey, timeoutMs: HANG_MS });
  const referenceId = `ts-${randomUUID()}`;
  const idempotencyKey = `ts-create-${randomUUID()}`;
  const prefilled: { [key: string]: MessageInitShape<typeof FieldValueSchema> } = {
    name_first: { value: { case: "stringValue", value: "Ada" } },
    birthdate: { value: { case: "dateValue", value: { year: 1815, month: 12, day: 10 } } },
  };
  const prefilledJson = {
    name_first: { stringValue: "Ada" },
    birthdate: { dateValue: { year: 1815, month: 12, day: 10 } },
  };
  let templateId = "";
  let inquiryId = "";
  let code = "";
  let sessionToken = "";

  it("1. health: overall and verilink.v1.InquiryService are SERVING", async () => {
    for (const service of ["", InquiryService.typeName]) {
      const res = await client.health.check({ service });
      assert.equal(res.status, HealthCheckResponse_ServingStatus.SERVING, `service "${service}"`);
    }
  });

  it("2. ListInquiryTemplates has the KYC template", async () => {
    const res = await client.templates.listInquiryTemplates({ pageSize: 500 });
    const kyc = res.inquiryTemplates.find((t) => t.name === "KYC");
    assert.ok(kyc, `no KYC template among ${res.inquiryTemplates.map((t) => t.name).join(", ")}`);
    assert.match(kyc.id, /^itmpl_/);
    templateId = kyc.id;
  });

  it("3. CreateInquiry with prefilled fields and an idempotency key; replay returns the same inquiry", async () => {
    const request = {
      inquiry: { inquiryTemplateId: templateId, referenceId, fields: prefilled },
    };
    const created = await client.inquiries.createInquiry(
      request,
      withIdempotencyKey(idempotencyKey),
    );
    assert.ok(created.inquiry);
    assert.match(created.inquiry.id, /^inq_/);
    assert.equal(created.inquiry.status, InquiryStatus.CREATED);
    inquiryId = created.inquiry.id;

    const got = await client.inquiries.getInquiry({ id: inquiryId });
    assert.ok(got.inquiry);
    assert.equal(got.inquiry.id, inquiryId);
    assert.equal(got.inquiry.status, InquiryStatus.CREATED);
    assert.equal(got.inquiry.referenceId, referenceId);
    assert.equal(got.inquiry.inquiryTemplateId, templateId);
    assert.deepEqual(fieldsJson(got.inquiry.fields), prefilledJson);

    const replay = await client.inquiries.createInquiry(
      request,
      withIdempotencyKey(idempotencyKey),
    );
    assert.equal(
      replay.inquiry?.id,
      inquiryId,
      "same idempotency key must return the same inquiry",
    );
  });

  it("4. ListInquiries by reference_id returns exactly that inquiry", async () => {
    const res = await client.inquiries.listInquiries({ referenceId });
    assert.deepEqual(
      res.inquiries.map((i) => i.id),
      [inquiryId],
    );
    assert.equal(res.nextPageToken, "");
  });

  it("5. GenerateOneTimeLink returns code, url and short_url", async () => {
    const res = await client.oneTimeLinks.generateOneTimeLink({ inquiryId });
    assert.notEqual(res.code, "");
    assert.notEqual(res.url, "");
    assert.notEqual(res.shortUrl, "");
    assert.ok(res.url.includes(res.code), `url ${res.url} should carry the code`);
    assert.equal(res.oneTimeLink?.inquiryId, inquiryId);
    code = res.code;
  });

  it("6. RedeemOneTimeLink without an API key returns a vls_ session token", async () => {
    const anonymous = createVerilinkClient({ address });
    const res = await anonymous.oneTimeLinks.redeemOneTimeLink({ code });
    assert.match(res.sessionToken, /^vls_/);
    assert.equal(res.session?.inquiryId, inquiryId);
    sessionToken = res.sessionToken;
  });

  it("7. GetCurrentSession with the session token: PENDING, template KYC", async () => {
    const endUser = createVerilinkClient({ address, sessionToken });
    const res = await endUser.sessions.getCurrentSession({});
    assert.equal(res.inquiryStatus, InquiryStatus.PENDING);
    assert.equal(res.inquiryTemplateName, "KYC");
    assert.equal(res.session?.inquiryId, inquiryId);
    assert.deepEqual(fieldsJson(res.fields), prefilledJson);
  });

  it("8. SubmitSession with sandbox outcome PASS completes the inquiry", async () => {
    const endUser = createVerilinkClient({ address, sessionToken });
    // The KYC template's required fields that were not prefilled (SubmitSession checks them).
    const answers = {
      name_last: "Lovelace",
      address_street_1: "12 St James's Square",
      address_city: "London",
      address_postal_code: "SW1Y 4JH",
      address_country_code: "GB",
      email_address: "ada@example.com",
    };
    const fields = Object.fromEntries(
      Object.entries(answers).map(([name, value]) => [
        name,
        { value: { case: "stringValue" as const, value } },
      ]),
    );
    const res = await endUser.sessions.submitSession({
      fields,
      sandboxOutcome: SandboxOutcome.PASS,
    });
    assert.ok(
      res.inquiryStatus === InquiryStatus.COMPLETED || res.inquiryStatus === InquiryStatus.APPROVED,
      `inquiry status ${InquiryStatus[res.inquiryStatus]}`,
    );
    const got = await client.inquiries.getInquiry({ id: inquiryId });
    assert.equal(got.inquiry?.status, res.inquiryStatus);
  });

  describe("9. errors carry the documented code and google.rpc details", () => {
    it("malformed id: INVALID_ARGUMENT, reason INVALID_ARGUMENT, BadRequest names id", async () => {
      const err = await failure(() => client.inquiries.getInquiry({ id: "bogus" }));
      assert.equal(err.code, Code.InvalidArgument);
      const info = errorInfo(err);
      assert.equal(info?.reason, "INVALID_ARGUMENT");
      assert.equal(info?.domain, ERROR_DOMAIN);
      const violations = badRequest(err)?.fieldViolations ?? [];
      assert.ok(
        violations.some((v) => v.field === "id"),
        `field violations: ${JSON.stringify(violations.map((v) => v.field))}`,
      );
    });

    it("unknown inquiry: NOT_FOUND, reason INQUIRY_NOT_FOUND", async () => {
      const err = await failure(() =>
        client.inquiries.getInquiry({ id: "inq_000000000000000000000000" }),
      );
      assert.equal(err.code, Code.NotFound);
      assert.equal(errorInfo(err)?.reason, "INQUIRY_NOT_FOUND");
      assert.equal(errorInfo(err)?.domain, ERROR_DOMAIN);
    });

    it("invalid API key: UNAUTHENTICATED, reason API_KEY_INVALID", async () => {
      const stranger = createVerilinkClient({ address, apiKey: `vlk_sandbox_${"A".repeat(32)}` });
      const err = await failure(() => stranger.templates.listInquiryTemplates({}));
      assert.equal(err.code, Code.Unauthenticated);
      assert.equal(errorInfo(err)?.reason, "API_KEY_INVALID");
      assert.equal(errorInfo(err)?.domain, ERROR_DOMAIN);
    });

    it("errorInfo is undefined for anything but a ConnectError", () => {
      assert.equal(errorInfo(new Error("plain")), undefined);
      assert.equal(badRequest("not an error"), undefined);
    });
  });

  it("10. x-request-id comes back, and the audit log names it and the bootstrap key as the actor", async () => {
    const requestId = `ts-contract-${randomUUID()}`;
    let answered: string | null = null;
    const created = await client.inquiries.createInquiry(
      { inquiry: { inquiryTemplateId: templateId, referenceId: `ts-audit-${randomUUID()}` } },
      {
        headers: { "x-request-id": requestId },
        onHeader: (headers) => {
          answered = headers.get("x-request-id");
        },
      },
    );
    assert.equal(answered, requestId, "the response headers carry the request ID back");
    const id = created.inquiry?.id ?? "";
    assert.match(id, /^inq_/);

    const res = await client.audit.listAuditEvents({ inquiryId: id });
    assert.ok(res.events.length > 0, "no audit events for the inquiry");
    assert.ok(res.events.every((e) => e.inquiryId === id));
    const event = res.events.find((e) => e.name === "inquiry.created");
    assert.ok(event?.actor, `no inquiry.created with an actor: ${res.events.map((e) => e.name)}`);
    assert.equal(event.actor.kind, ActorKind.API_KEY);
    assert.equal(event.actor.displayName, "bootstrap");
    assert.equal(event.actor.requestId, requestId);
    assert.match(event.actor.id, /^key_/);

    // The filters combine: this key's inquiry.created events of the inquiry are that one event.
    const only = await client.audit.listAuditEvents({
      inquiryId: id,
      eventName: "inquiry.created",
      actorKind: ActorKind.API_KEY,
      actorId: event.actor.id,
    });
    assert.deepEqual(
      only.events.map((e) => e.id),
      [event.id],
    );
  });
});
