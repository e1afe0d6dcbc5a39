// The README's snippets, type-checked by npm test (tsc compiles examples/ too; nothing runs them).
// Run by hand against a server: node dist/examples/readme.js (VERILINK_ADDR, VERILINK_API_KEY).
import { createServer } from "node:http";

import {
  createVerilinkClient,
  errorInfo,
  verifyPersonaWebhook,
  verifyWebhook,
  watchInquiry,
  withIdempotencyKey,
  ActorKind,
  Code,
  ConnectError,
  WebhookVerificationError,
} from "../src/index.js";

const address = process.env.VERILINK_ADDR ?? "127.0.0.1:50051";
const apiKey = process.env.VERILINK_API_KEY;
const webhookSecret = process.env.VERILINK_WEBHOOK_SECRET ?? "whsec_…";

const client = createVerilinkClient({
  address,
  apiKey,
  tls: false,
  timeoutMs: 10_000,
});

const { inquiryTemplates } = await client.templates.listInquiryTemplates({});
const { inquiry } = await client.inquiries.createInquiry(
  {
    inquiry: {
      inquiryTemplateId: inquiryTemplates[0]?.id ?? "itmpl_…",
      referenceId: "user-42",
      fields: {
        name_first: { value: { case: "stringValue", value: "Ada" } },
        birthdate: { value: { case: "dateValue", value: { year: 1815, month: 12, day: 10 } } },
      },
    },
  },
  withIdempotencyKey(`create-user-42-${Date.now()}`), // CallOptions with the `idempotency-key` header
);
console.log(inquiry?.id, inquiry?.status); // inq_… 1 (InquiryStatus.CREATED)

try {
  await client.inquiries.getInquiry({ id: "inq_000000000000000000000000" });
} catch (err) {
  if (err instanceof ConnectError && err.code === Code.NotFound) {
    console.log(errorInfo(err)?.reason); // INQUIRY_NOT_FOUND
  } else {
    throw err;
  }
}

const resilient = createVerilinkClient({ address, apiKey, retry: true });
const got = await resilient.inquiries.getInquiry({ id: inquiry?.id ?? "" }); // not in the README
console.log(got.inquiry?.status);

const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    try {
      const event = verifyWebhook({
        secrets: [webhookSecret], // during a rotation: [newSecret, previousSecret]
        header: req.headers["verilink-signature"],
        body: Buffer.concat(chunks), // the raw bytes, before any JSON parsing
      });
      console.log(event.id, event.type, event.inquiryId, event.data?.object); // deduplicate on id
      const actor = event.actor;
      if (actor?.kind === ActorKind.API_KEY) {
        console.log(actor.id, actor.displayName, actor.requestId); // key_…, the key's name, the call's ID
      }
      res.writeHead(204).end();
    } catch (err) {
      res.writeHead(err instanceof WebhookVerificationError ? 400 : 500).end();
    }
  });
}).listen(8000);
receiver.close(); // not in the README: this file only shows that the snippet compiles

const personaReceiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const rawBody = Buffer.concat(chunks); // not in the README
    try {
      const event = verifyPersonaWebhook({
        secrets: [webhookSecret],
        header: req.headers["persona-signature"],
        body: rawBody, // the raw bytes
      });
      if (event.name === "inquiry.approved") {
        console.log(event.subject.id, event.subject.attributes["reference-id"]); // inq_…, your user's ID
      }
      res.writeHead(204).end();
    } catch (err) {
      res.writeHead(err instanceof WebhookVerificationError ? 400 : 500).end();
    }
  });
}).listen(8001);
personaReceiver.close(); // not in the README

const { events, nextPageToken } = await client.audit.listAuditEvents({
  inquiryId: inquiry?.id ?? "inq_…",
  actorKind: ActorKind.API_KEY,
});
for (const event of events) {
  console.log(event.name, event.actor?.displayName, event.actor?.requestId);
}
console.log(nextPageToken); // not in the README

const request = { inquiry: { inquiryTemplateId: inquiryTemplates[0]?.id ?? "itmpl_…" } }; // not in the README
await client.inquiries.createInquiry(request, {
  headers: { "x-request-id": "signup-42" },
  onHeader: (headers) => console.log(headers.get("x-request-id")), // signup-42
});

// Not in the README: decide the inquiry, so that the watch below ends.
await client.inquiries.approveInquiry({ id: inquiry?.id ?? "" });
for await (const event of watchInquiry(client.inquiries, inquiry?.id ?? "inq_…")) {
  console.log(event.name, event.id);
  if (event.name === "inquiry.approved" || event.name === "inquiry.declined") break;
}
