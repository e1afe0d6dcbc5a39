// verifyWebhook against deliveries the real server signs and POSTs to a receiver of this test:
//   clients/with-server clients/typescript/test
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

import { fromJson } from "@bufbuild/protobuf";

import {
  ActorKind,
  InquirySchema,
  InquiryStatus,
  WebhookVerificationError,
  createVerilinkClient,
  verifyWebhook,
} from "../src/index.js";
import type { WebhookVerificationReason } from "../src/index.js";
import { HANG_MS, atClock, newInquiry, requireEnv, waitFor } from "./support.js";

interface Delivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A delivery's signature header, as Node gives it. */
function signatureOf(delivery: Delivery): string {
  const header = delivery.headers["verilink-signature"];
  assert.ok(typeof header === "string", "no Verilink-Signature header");
  return header;
}

/** A header as the server builds it, for `body` signed at `t` with `secret`. */
function sign(secret: string, t: number, body: Buffer): string {
  const hmac = createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
  return `t=${t},v1=${hmac}`;
}

/** Calls verifyWebhook, which must fail, and returns the reason it gives. */
function refusal(options: Parameters<typeof verifyWebhook>[0]): WebhookVerificationReason {
  try {
    verifyWebhook(options);
  } catch (err) {
    assert.ok(err instanceof WebhookVerificationError, `unexpected ${String(err)}`);
    assert.equal(err.name, "WebhookVerificationError");
    assert.ok(err.message.startsWith(err.reason), err.message);
    return err.reason;
  }
  assert.fail("verifyWebhook accepted the delivery");
}

describe("webhook verification against real deliveries", () => {
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
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  let webhookId = "";
  let secret = "";
  let inquiryId = "";
  let created: Delivery | undefined;

  /** The delivery of the first `type` event of the inquiry (HANG_MS only bounds a hang). */
  async function deliveryOf(type: string): Promise<Delivery> {
    return await waitFor(`a delivery of ${type} for ${inquiryId}`, HANG_MS, () =>
      deliveries.find((d) => {
        const body = JSON.parse(d.body.toString("utf8")) as { type?: string; inquiryId?: string };
        return body.type === type && body.inquiryId === inquiryId;
      }),
    );
  }

  before(async () => {
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    const { port } = receiver.address() as AddressInfo;
    const res = await client.webhooks.createWebhook({
      webhook: { url: `http://127.0.0.1:${port}/hook`, enabledEvents: ["*"] },
    });
    assert.match(res.secret, /^whsec_/);
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

  it("verifies a real inquiry.created delivery and returns the typed event", async () => {
    inquiryId = await newInquiry(client);
    created = await deliveryOf("inquiry.created");

    const event = verifyWebhook({
      secrets: secret,
      header: signatureOf(created),
      body: created.body,
    });
    assert.equal(event.type, "inquiry.created");
    assert.equal(event.inquiryId, inquiryId);
    assert.equal(event.environment, "sandbox");
    assert.equal(event.id, created.headers["verilink-event-id"]);
    assert.match(event.id, /^evt_/);
    // Who caused it: the API key that created the inquiry (with-server's bootstrap key).
    assert.equal(event.actor?.kind, ActorKind.API_KEY);
    assert.equal(event.actor?.displayName, "bootstrap");
    assert.ok(event.createTime !== undefined && event.createTime.seconds > 0n);
    const object = event.data?.object;
    assert.ok(object !== undefined, "no data.object");
    const inquiry = fromJson(InquirySchema, object, { ignoreUnknownFields: true });
    assert.equal(inquiry.id, inquiryId);
    assert.equal(inquiry.status, InquiryStatus.CREATED);

    // The same bytes as a string, the header as Node's array of lines, the secret among others.
    const again = verifyWebhook({
      secrets: [`whsec_${"x".repeat(32)}`, secret],
      header: [signatureOf(created)],
      body: created.body.toString("utf8"),
      toleranceSeconds: 60,
    });
    assert.equal(again.id, event.id);
  });

  it("ignores fields it does not know (new ones may be added)", () => {
    assert.ok(created);
    const body = JSON.parse(created.body.toString("utf8")) as Record<string, unknown>;
    const extended = Buffer.from(JSON.stringify({ ...body, addedLater: { x: 1 } }));
    const t = Math.floor(Date.now() / 1000);
    const event = verifyWebhook({
      secrets: secret,
      header: sign(secret, t, extended),
      body: extended,
    });
    assert.equal(event.inquiryId, inquiryId);
  });

  it("refuses a tampered body and a wrong secret", () => {
    assert.ok(created);
    const header = signatureOf(created);
    const tampered = Buffer.from(created.body.toString("utf8").replace("sandbox", "live"));
    assert.notDeepEqual(tampered, created.body);
    assert.equal(refusal({ secrets: secret, header, body: tampered }), "SIGNATURE_MISMATCH");
    const wrong = `whsec_${"A".repeat(32)}`;
    assert.equal(refusal({ secrets: wrong, header, body: created.body }), "SIGNATURE_MISMATCH");
  });

  it("refuses a stale and a future timestamp, correctly signed", () => {
    assert.ok(created);
    const body = created.body;
    const now = Math.floor(Date.now() / 1000);
    // The verifier's clock stands still at `now`: each offset is exact.
    atClock(now, () => {
      for (const t of [now - 301, now + 301]) {
        const header = sign(secret, t, body);
        assert.equal(refusal({ secrets: secret, header, body }), "TIMESTAMP_OUT_OF_TOLERANCE");
        assert.equal(
          refusal({ secrets: secret, header, body, toleranceSeconds: 10 }),
          "TIMESTAMP_OUT_OF_TOLERANCE",
        );
        verifyWebhook({ secrets: secret, header, body, toleranceSeconds: 310 });
      }
    });
  });

  it("refuses a missing or malformed header", () => {
    assert.ok(created);
    const body = created.body;
    const t = Math.floor(Date.now() / 1000);
    const v1 = sign(secret, t, body).split(",")[1] ?? "";
    const cases: [string | undefined | null, WebhookVerificationReason][] = [
      [undefined, "HEADER_MISSING"],
      [null, "HEADER_MISSING"],
      ["", "HEADER_MISSING"],
      ["garbage", "HEADER_MALFORMED"],
      [`t=${t},${v1},extra`, "HEADER_MALFORMED"],
      [`t=${t}`, "HEADER_MALFORMED"],
      [`t=soon,${v1}`, "HEADER_MALFORMED"],
      [`t=${t},t=${t},${v1}`, "HEADER_MALFORMED"],
      [v1, "TIMESTAMP_MISSING"],
      [`t=${t},v1=not-hex`, "SIGNATURE_MISMATCH"],
    ];
    for (const [header, reason] of cases) {
      assert.equal(refusal({ secrets: secret, header, body }), reason, `header ${String(header)}`);
    }
    assert.throws(() => verifyWebhook({ secrets: [], header: `t=${t},${v1}`, body }), TypeError);
  });

  it("refuses a signed body that is not a webhook event", () => {
    // The last two parse as a WebhookEvent (unknown fields ignored) but have no id and type.
    for (const text of ['{"id": 42}', "{}", '{"data": {"type": "event", "id": "evt_x"}}']) {
      const body = Buffer.from(text);
      const header = sign(secret, Math.floor(Date.now() / 1000), body);
      assert.equal(refusal({ secrets: secret, header, body }), "PAYLOAD_INVALID", text);
    }
  });

  it("during a secret rotation, deliveries carry two v1 and both secrets verify", async () => {
    const rotated = await client.webhooks.rotateWebhookSecret({
      id: webhookId,
      gracePeriod: { seconds: 3600n },
    });
    const newSecret = rotated.secret;
    assert.match(newSecret, /^whsec_/);
    assert.notEqual(newSecret, secret);
    await client.inquiries.addInquiryTag({ id: inquiryId, tag: "rotation" });
    const delivery = await deliveryOf("inquiry.tags-updated");
    const header = signatureOf(delivery);
    assert.equal(header.split(",").filter((part) => part.startsWith("v1=")).length, 2, header);

    for (const secrets of [secret, newSecret, [newSecret, secret]]) {
      const event = verifyWebhook({ secrets, header, body: delivery.body });
      assert.equal(event.type, "inquiry.tags-updated");
      assert.equal(event.inquiryId, inquiryId);
    }
    const stranger = `whsec_${"B".repeat(32)}`;
    assert.equal(refusal({ secrets: stranger, header, body: delivery.body }), "SIGNATURE_MISMATCH");
  });
});
