// The README's snippets, type-checked by ./test (tsc compiles examples/ too; nothing runs them).
// Run by hand against a server: node dist/examples/readme.js (VERILINK_ADDR, VERILINK_API_KEY).
import { createVerilinkClient, errorInfo, withIdempotencyKey, Code, ConnectError } from "../src/index.js";

const client = createVerilinkClient({
  address: process.env.VERILINK_ADDR ?? "127.0.0.1:50051",
  apiKey: process.env.VERILINK_API_KEY,
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
