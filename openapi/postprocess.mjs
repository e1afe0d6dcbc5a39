// Finishes protoc-gen-openapi's output (argv[2]) into the documents this folder commits,
// openapi.yaml and openapi.json (what the server serves at /openapi.json), then validates the
// result as OpenAPI 3. It changes only what the plugin cannot know from proto/:
//   - errors: the REST gateway answers Google's JSON error model {"error": {...}}, not a bare
//     google.rpc.Status, so every error response refers to an `Error` schema of that shape;
//   - WatchInquiry answers Server-Sent Events (text/event-stream) and takes Last-Event-ID;
//   - authentication (Authorization: Bearer, an API key or on the end-user plane a session
//     token; redemption needs none) and the Idempotency-Key header of management changes;
//   - operation IDs made unique: an additional binding repeats its RPC's, so the second gets
//     a `2` (as grpc-gateway's generator does), else generators would clash;
//   - a server entry for a local `verilink serve`.
import { readFileSync, writeFileSync } from "node:fs";
import yaml from "js-yaml";
import SwaggerParser from "@apidevtools/swagger-parser";

const doc = yaml.load(readFileSync(process.argv[2], "utf8"));

doc.info.description =
  "Verilink's REST/JSON gateway: every RPC of verilink.v1 at its google.api.http route, in the " +
  "canonical proto3 JSON mapping, served by the same implementation as gRPC. Authenticate with " +
  "`Authorization: Bearer <API key>` (end-user plane: the session token). Errors follow " +
  "Google's JSON error model; 429 and 503 carry Retry-After.";
doc.servers = [{ url: "http://localhost:8080", description: "a local verilink serve" }];

// Operations of the end-user plane: no API key; redemption needs no credential at all.
const endUser = new Set([
  "OneTimeLinkService_RedeemOneTimeLink",
  "SessionService_GetCurrentSession",
  "SessionService_SubmitSession",
]);

doc.components.securitySchemes = {
  bearer: {
    type: "http",
    scheme: "bearer",
    description:
      "An API key (vlk_sandbox_… or vlk_live_…) on the management plane; a session token " +
      "(vls_…) on GetCurrentSession and SubmitSession.",
  },
};
doc.security = [{ bearer: [] }];

doc.components.schemas.Error = {
  type: "object",
  description: "Google's JSON error model.",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "integer", format: "int32", description: "The HTTP status code." },
        message: { type: "string", description: "A developer-facing message in English." },
        status: {
          type: "string",
          description: "The google.rpc.Code name, e.g. INVALID_ARGUMENT or NOT_FOUND.",
        },
        details: {
          type: "array",
          description:
            "google.rpc.ErrorInfo (reason, domain verilink.dev), google.rpc.BadRequest " +
            "(fieldViolations) and google.rpc.RetryInfo (retryDelay), each with its @type.",
          items: { $ref: "#/components/schemas/GoogleProtobufAny" },
        },
      },
    },
  },
};
delete doc.components.schemas.Status;

const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  description:
    "Optional, 1–255 printable characters: for 24 hours the same key with the same request " +
    "replays the stored answer; with another request it is 400 IDEMPOTENCY_KEY_REUSED.",
  schema: { type: "string" },
};

const operationIds = new Set();
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    if (!operation.operationId) throw new Error(`${method} ${path} has no operationId`);
    let unique = operation.operationId;
    for (let n = 2; operationIds.has(unique); n++) unique = `${operation.operationId}${n}`;
    operationIds.add(unique);
    operation.operationId = unique;
    for (const response of Object.values(operation.responses ?? {})) {
      const json = response.content?.["application/json"];
      if (json?.schema?.$ref === "#/components/schemas/Status") {
        json.schema.$ref = "#/components/schemas/Error";
        response.description = "An error in Google's JSON error model";
      }
    }
    const id = operation.operationId.replace(/\d+$/, "");
    if (id === "OneTimeLinkService_RedeemOneTimeLink") {
      operation.security = [{}, { bearer: [] }];
    }
    if (method !== "get" && !endUser.has(id)) {
      operation.parameters = [...(operation.parameters ?? []), idempotencyKey];
    }
    if (id === "InquiryService_WatchInquiry") {
      operation.parameters.push({
        name: "Last-Event-ID",
        in: "header",
        description: "Resume after this event (what EventSource sends when it reconnects).",
        schema: { type: "string" },
      });
      operation.responses["200"] = {
        description:
          "Server-Sent Events: each `data:` is a WatchInquiryResponse in JSON, its `id:` the " +
          "event's ID; a stream that fails after it started ends with `event: error`.",
        content: { "text/event-stream": { schema: { type: "string" } } },
      };
    }
  }
}

await SwaggerParser.validate(structuredClone(doc));
writeFileSync("openapi.yaml", yaml.dump(doc, { lineWidth: -1, noRefs: true }));
writeFileSync("openapi.json", JSON.stringify(doc, null, 2) + "\n");
