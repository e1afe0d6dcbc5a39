// @verilink/client: the thin layer (client, errors, retries, resumable watch, webhook
// verification) plus every generated message, enum and service of verilink.v1, grpc.health.v1 and
// the google.rpc error details. The generated modules are also importable one by one as
// "@verilink/client/gen/<path>_pb" (e.g. "gen/verilink/v1/inquiry_pb").
export * from "./client.js";
export * from "./errors.js";
export * from "./retry.js";
export * from "./watch.js";
export * from "./webhook.js";
export type { BackoffOptions } from "./backoff.js";
export * from "./gen/verilink/v1/audit_pb.js";
export * from "./gen/verilink/v1/common_pb.js";
export * from "./gen/verilink/v1/event_pb.js";
export * from "./gen/verilink/v1/inquiry_pb.js";
export * from "./gen/verilink/v1/inquiry_template_pb.js";
export * from "./gen/verilink/v1/one_time_link_pb.js";
export * from "./gen/verilink/v1/session_pb.js";
export * from "./gen/verilink/v1/webhook_pb.js";
export * from "./gen/google/rpc/error_details_pb.js";
export * from "./gen/grpc/health/v1/health_pb.js";
export { Code, ConnectError } from "@connectrpc/connect";
export type { CallOptions } from "@connectrpc/connect";
