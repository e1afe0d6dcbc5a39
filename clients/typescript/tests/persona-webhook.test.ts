// verifyPersonaWebhook: on deliveries signed here (every refusal), then on deliveries the real
// server signs for a Persona-format webhook and POSTs to a receiver of this test:
//   clients/with-server clients/typescript/test
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

import type { JsonValue } from "@bufbuild/protobuf";

import {
  WebhookFormat,
  WebhookVerificationError,
  createVerilinkClient,
  verifyPersonaWebhook,
  verifyWebhook,
} from "../src/index.js";
import type { PersonaEvent, WebhookVerificationReason } from "../src/index.js";
import { HANG_MS, atClock, newInquiry, requireEnv, waitFor } from "./support.js";

/** One `t=…,v1=…` pair as the server builds it, for `body` signed at `t` with `secret`. */
function pair(secret: string, t: number, body: Buffer): string {
  const hmac = createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
  return `t=${t},v1=${hmac}`;
}

/** A `Persona-Signature` value: one pair per secret, separated by a space. */
function sign(secrets: readonly string[], t: number, body: Buffer): string {
  return secrets.map((secret) => pair(secret, t, body)).join(" ");
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** Calls `verify`, which must fail, and returns the reason it gives. */
function refusal(verify: () => unknown): WebhookVerificationReason {
  try {
    verify();
  } catch (err) {
    assert.ok(err instanceof WebhookVerificationError, `unexpected ${String(err)}`);
    assert.ok(err.message.startsWith(err.reason), err.message);
    return err.reason;
  }
  assert.fail("the delivery was accepted");
}

/** The value at the path of keys, or undefined where there is none. */
function at(value: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  for (const key of keys) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return undefined;
    }
    value = value[key];
  }
  return value;
}

describe("verifyPersonaWebhook on deliveries signed here", () => {
  const secret = `whsec_${"p".repeat(32)}`;
  const previous = `whsec_${"q".repeat(32)}`;
  const stranger = `whsec_${"s".repeat(32)}`;
  const document = {
    data: {
      type: "event",
      id: "evt_0000000000000000000000000a",
      attributes: {
        name: "inquiry.approved",
        payload: {
          data: {
            type: "inquiry",
            id: "inq_0000000000000000000000000a",
            attributes: { status: "approved", "reference-id": "user-42" },
            relationships: { sessions: { data: [] } },
          },
        },
        "created-at": "2026-11-24T10:00:00.123Z",
      },
    },
  };
  const body = Buffer.from(JSON.stringify(document));

  it("verifies a good signature and returns the typed event", () => {
    const event: PersonaEvent = verifyPersonaWebhook({
      secrets: secret,
      header: sign([secret], now(), body),
      body,
    });
    assert.equal(event.id, "evt_0000000000000000000000000a");
    assert.equal(event.type, "event");
    assert.equal(event.name, "inquiry.approved");
    assert.equal(event.createdAt.toISOString(), "2026-11-24T10:00:00.123Z");
    assert.equal(event.subject.type, "inquiry");
    assert.equal(event.subject.id, "inq_0000000000000000000000000a");
    assert.equal(event.subject.attributes.status, "approved");
    assert.equal(event.subject.attributes["reference-id"], "user-42");
    assert.deepEqual(event.subject.relationships, { sessions: { data: [] } });

    // The same bytes as a string, the header as Node's array of lines, the secret among others.
    const again = verifyPersonaWebhook({
      secrets: [stranger, secret],
      header: [sign([secret], now(), body)],
      body: body.toString("utf8"),
      toleranceSeconds: 60,
    });
    assert.deepEqual(again, event);
  });

  it("during a rotation, verifies the two space-separated pairs under either secret", () => {
    const t = now();
    const header = sign([secret, previous], t, body);
    assert.equal(header.split(" ").length, 2);
    for (const secrets of [secret, previous, [previous, secret]]) {
      assert.equal(verifyPersonaWebhook({ secrets, header, body }).name, "inquiry.approved");
    }
    // Each pair is checked with its own t: a fresh pair verifies next to a stale one.
    const mixed = `${pair(previous, t - 3600, body)} ${pair(secret, t, body)}`;
    verifyPersonaWebhook({ secrets: [previous, secret], header: mixed, body });
    verifyPersonaWebhook({ secrets: secret, header: mixed, body });
    assert.equal(
      refusal(() => verifyPersonaWebhook({ secrets: previous, header: mixed, body })),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    assert.equal(
      refusal(() => verifyPersonaWebhook({ secrets: stranger, header, body })),
      "SIGNATURE_MISMATCH",
    );
  });

  it("refuses a wrong secret and a tampered body", () => {
    const header = sign([secret], now(), body);
    assert.equal(
      refusal(() => verifyPersonaWebhook({ secrets: stranger, header, body })),
      "SIGNATURE_MISMATCH",
    );
    const tampered = Buffer.from(body.toString("utf8").replace("approved", "declined"));
    assert.notDeepEqual(tampered, body);
    assert.equal(
      refusal(() => verifyPersonaWebhook({ secrets: secret, header, body: tampered })),
      "SIGNATURE_MISMATCH",
    );
  });

  it("refuses a stale and a future timestamp, correctly signed", () => {
    const t0 = now();
    // The verifier's clock stands still at t0: each offset is exact.
    atClock(t0, () => {
      for (const t of [t0 - 301, t0 + 301]) {
        const header = sign([secret, previous], t, body);
        assert.equal(
          refusal(() => verifyPersonaWebhook({ secrets: secret, header, body })),
          "TIMESTAMP_OUT_OF_TOLERANCE",
        );
        assert.equal(
          refusal(() =>
            verifyPersonaWebhook({ secrets: secret, header, body, toleranceSeconds: 10 }),
          ),
          "TIMESTAMP_OUT_OF_TOLERANCE",
        );
        verifyPersonaWebhook({ secrets: secret, header, body, toleranceSeconds: 310 });
      }
    });
  });

  it("refuses a missing or malformed header with the reasons of verifyWebhook", () => {
    const t = now();
    const good = pair(secret, t, body);
    const v1 = good.split(",")[1] ?? "";
    const cases: [string | readonly string[] | undefined | null, WebhookVerificationReason][] = [
      [undefined, "HEADER_MISSING"],
      [null, "HEADER_MISSING"],
      ["", "HEADER_MISSING"],
      [" ", "HEADER_MISSING"],
      [[], "HEADER_MISSING"],
      ["garbage", "HEADER_MALFORMED"],
      [`${good} garbage`, "HEADER_MALFORMED"],
      [`t=${t}`, "HEADER_MALFORMED"],
      [`${good} t=${t}`, "HEADER_MALFORMED"],
      [`t=soon,${v1}`, "HEADER_MALFORMED"],
      [`t=${t},t=${t},${v1}`, "HEADER_MALFORMED"],
      [`t=${t}, ${v1}`, "HEADER_MALFORMED"],
      [v1, "TIMESTAMP_MISSING"],
      [`${good} ${v1}`, "TIMESTAMP_MISSING"],
      [`t=${t},v1=not-hex`, "SIGNATURE_MISMATCH"],
    ];
    for (const [header, reason] of cases) {
      assert.equal(
        refusal(() => verifyPersonaWebhook({ secrets: secret, header, body })),
        reason,
        `header ${JSON.stringify(header)}`,
      );
    }
    // Separated by several spaces, or on two header lines: still two pairs.
    verifyPersonaWebhook({ secrets: secret, header: `  ${good}   ${good} `, body });
    verifyPersonaWebhook({ secrets: secret, header: [good, pair(previous, t, body)], body });
    assert.throws(() => verifyPersonaWebhook({ secrets: [], header: good, body }), TypeError);
    assert.throws(() => verifyPersonaWebhook({ secrets: [""], header: good, body }), TypeError);
    assert.throws(
      () => verifyPersonaWebhook({ secrets: secret, header: good, body, toleranceSeconds: -1 }),
      TypeError,
    );
  });

  it("ignores keys it does not know", () => {
    const extended = Buffer.from(
      JSON.stringify({
        ...document,
        addedLater: 1,
        data: {
          ...document.data,
          links: { self: "x" },
          attributes: { ...document.data.attributes, "added-later": true },
        },
      }),
    );
    const event = verifyPersonaWebhook({
      secrets: secret,
      header: sign([secret], now(), extended),
      body: extended,
    });
    assert.equal(event.name, "inquiry.approved");
    assert.equal(event.subject.id, "inq_0000000000000000000000000a");
  });

  it("refuses a signed body that is not Persona's event object", () => {
    const attributes = document.data.attributes;
    const bodies: unknown[] = [
      { id: "evt_1", type: "inquiry.created", createTime: "2026-11-24T10:00:00Z" }, // Verilink's
      { data: { ...document.data, type: "inquiry" } },
      { data: { ...document.data, id: 42 } },
      { data: { ...document.data, attributes: { ...attributes, name: "" } } },
      { data: { ...document.data, attributes: { ...attributes, "created-at": "yesterday" } } },
      { data: { ...document.data, attributes: { ...attributes, payload: { data: [] } } } },
      { data: { ...document.data, attributes: { ...attributes, payload: { data: { id: "x" } } } } },
      [],
      null,
    ];
    for (const value of bodies) {
      const signed = Buffer.from(JSON.stringify(value));
      const header = sign([secret], now(), signed);
      assert.equal(
        refusal(() => verifyPersonaWebhook({ secrets: secret, header, body: signed })),
        "PAYLOAD_INVALID",
        signed.toString("utf8"),
      );
    }
    const notJson = Buffer.from("not json");
    const header = sign([secret], now(), notJson);
    assert.equal(
      refusal(() => verifyPersonaWebhook({ secrets: secret, header, body: notJson })),
      "PAYLOAD_INVALID",
    );
  });

  it("verifyWebhook refuses a Persona-format delivery, even when the secret verifies it", () => {
    const header = sign([secret], now(), body);
    assert.equal(
      refusal(() => verifyWebhook({ secrets: secret, header, body })),
      "PAYLOAD_INVALID",
    );
  });
});

interface Delivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Parsed here, without verifying: to find a delivery. */
  document: JsonValue;
}

/** The event name of a delivery's body. */
function nameOf(delivery: Delivery): JsonValue | undefined {
  return at(delivery.document, "data", "attributes", "name");
}

/** The inquiry a delivery is about: the subject, or the inquiry a session or link belongs to. */
function inquiryOf(delivery: Delivery): JsonValue | undefined {
  const subject = at(delivery.document, "data", "attributes", "payload", "data");
  return at(subject, "type") === "inquiry"
    ? at(subject, "id")
    : at(subject, "relationships", "inquiry", "data", "id");
}

/** A delivery's `Persona-Signature`, as Node gives it. */
function signatureOf(delivery: Delivery): string {
  const header = delivery.headers["persona-signature"];
  assert.ok(typeof header === "string", "no Persona-Signature header");
  return header;
}

/** The `t` of a delivery's (first) pair, in milliseconds: when the server signed it, by its clock. */
function signedAtMs(delivery: Delivery): number {
  const t = /^t=(\d+),/.exec(signatureOf(delivery))?.[1];
  assert.ok(t !== undefined, signatureOf(delivery));
  return Number(t) * 1000;
}

describe("verifyPersonaWebhook against real deliveries of a Persona-format webhook", () => {
  const client = createVerilinkClient({
    address: requireEnv("VERILINK_ADDR"),
    apiKey: requireEnv("VERILINK_API_KEY"),
    timeoutMs: HANG_MS,
  });
  const deliveries: Delivery[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      deliveries.push({ headers: req.headers, body, document: JSON.parse(body.toString("utf8")) });
      res.writeHead(204).end();
    });
  });
  let webhookId = "";
  let secret = "";
  let inquiryId = "";

  /** The delivery of the first `name` event about `inquiry` (HANG_MS only bounds a hang). */
  async function deliveryOf(name: string, inquiry = inquiryId): Promise<Delivery> {
    return await waitFor(`a delivery of ${name} for ${inquiry}`, HANG_MS, () =>
      deliveries.find((d) => nameOf(d) === name && inquiryOf(d) === inquiry),
    );
  }

  before(async () => {
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    const { port } = receiver.address() as AddressInfo;
    const res = await client.webhooks.createWebhook({
      webhook: {
        url: `http://127.0.0.1:${port}/hook`,
        enabledEvents: ["*"],
        format: WebhookFormat.PERSONA,
      },
    });
    assert.match(res.secret, /^whsec_/);
    assert.equal(res.webhook?.format, WebhookFormat.PERSONA);
    webhookId = res.webhook?.id ?? "";
    secret = res.secret;
  });

  after(async () => {
    if (webhookId !== "") {
      await client.webhooks.deleteWebhook({ id: webhookId });
    }
    receiver.closeAllConnections();
    receiver.close();
  });

  it("verifies each delivery of an inquiry created, given a link and approved", async () => {
    inquiryId = await newInquiry(client);
    await client.oneTimeLinks.generateOneTimeLink({ inquiryId });
    await client.inquiries.approveInquiry({ id: inquiryId, comment: "persona webhook test" });

    const events = new Map<string, PersonaEvent>();
    for (const name of ["inquiry.created", "one-time-link.created", "inquiry.approved"]) {
      const delivery = await deliveryOf(name);
      assert.equal(delivery.headers["verilink-signature"], undefined, "no Verilink-Signature");
      const event = verifyPersonaWebhook({
        secrets: secret,
        header: signatureOf(delivery),
        body: delivery.body,
      });
      assert.equal(event.name, name);
      assert.equal(event.type, "event");
      assert.match(event.id, /^evt_/);
      assert.equal(event.id, delivery.headers["verilink-event-id"]);
      // created-at is when the server committed the change, before it signed the delivery:
      // compared with the t of the signature (the server's clock, in whole seconds), not with
      // this process's clock, which may be a few seconds off the server's.
      const createdAt = event.createdAt.getTime();
      const signedAt = signedAtMs(delivery);
      const times = `created at ${event.createdAt.toISOString()}, signed at ${signedAt / 1000}`;
      assert.ok(createdAt < signedAt + 1_000 && signedAt - createdAt < HANG_MS, times);
      events.set(name, event);
    }

    const created = events.get("inquiry.created")?.subject;
    assert.equal(created?.type, "inquiry");
    assert.equal(created?.id, inquiryId);
    assert.equal(created?.attributes.status, "created");
    const link = events.get("one-time-link.created")?.subject;
    assert.equal(link?.type, "one-time-link");
    assert.equal(link?.attributes.status, "pending");
    const approved = events.get("inquiry.approved")?.subject;
    assert.equal(approved?.type, "inquiry");
    assert.equal(approved?.id, inquiryId);
    assert.equal(approved?.attributes.status, "approved");
    assert.equal(typeof approved?.attributes["decisioned-at"], "string");
  });

  it("refuses a real delivery under a wrong secret, tampered, or given to verifyWebhook", async () => {
    const delivery = await deliveryOf("inquiry.approved");
    const header = signatureOf(delivery);
    const wrong = `whsec_${"A".repeat(32)}`;
    assert.equal(
      refusal(() => verifyPersonaWebhook({ secrets: wrong, header, body: delivery.body })),
      "SIGNATURE_MISMATCH",
    );
    const tampered = Buffer.from(delivery.body.toString("utf8").replace("approved", "declined"));
    assert.notDeepEqual(tampered, delivery.body);
    assert.equal(
      refusal(() => verifyPersonaWebhook({ secrets: secret, header, body: tampered })),
      "SIGNATURE_MISMATCH",
    );
    // The native verifier: the signature scheme is the same, the body is not a Verilink event.
    assert.equal(
      refusal(() => verifyWebhook({ secrets: secret, header, body: delivery.body })),
      "PAYLOAD_INVALID",
    );
    assert.equal(
      refusal(() => verifyWebhook({ secrets: wrong, header, body: delivery.body })),
      "SIGNATURE_MISMATCH",
    );
  });

  it("during a secret rotation, deliveries carry two pairs and both secrets verify", async () => {
    const rotated = await client.webhooks.rotateWebhookSecret({
      id: webhookId,
      gracePeriod: { seconds: 3600n },
    });
    const newSecret = rotated.secret;
    assert.match(newSecret, /^whsec_/);
    assert.notEqual(newSecret, secret);
    const next = await newInquiry(client);
    const delivery = await deliveryOf("inquiry.created", next);
    const header = signatureOf(delivery);
    assert.equal(header.split(" ").length, 2, header);

    for (const secrets of [secret, newSecret, [newSecret, secret]]) {
      const event = verifyPersonaWebhook({ secrets, header, body: delivery.body });
      assert.equal(event.name, "inquiry.created");
      assert.equal(event.subject.id, next);
    }
    const stranger = `whsec_${"B".repeat(32)}`;
    assert.equal(
      refusal(() => verifyPersonaWebhook({ secrets: stranger, header, body: delivery.body })),
      "SIGNATURE_MISMATCH",
    );
    assert.equal(
      refusal(() => verifyWebhook({ secrets: [newSecret, secret], header, body: delivery.body })),
      "PAYLOAD_INVALID",
    );
  });
});
