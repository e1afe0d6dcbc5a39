// Reading the google.rpc error details every Verilink error carries.
import { ConnectError } from "@connectrpc/connect";

import { BadRequestSchema, ErrorInfoSchema } from "./gen/google/rpc/error_details_pb.js";
import type { BadRequest, ErrorInfo } from "./gen/google/rpc/error_details_pb.js";

/** The `google.rpc.ErrorInfo.domain` of every error Verilink returns. */
export const ERROR_DOMAIN = "verilink.dev";

/**
 * The `google.rpc.ErrorInfo` of a failed call (its `reason`, e.g. `INQUIRY_NOT_FOUND`, is the
 * stable value to branch on), or undefined if `err` carries none.
 */
export function errorInfo(err: unknown): ErrorInfo | undefined {
  if (!(err instanceof ConnectError)) {
    return undefined;
  }
  return err.findDetails(ErrorInfoSchema)[0];
}

/** The `google.rpc.BadRequest` (field violations) of an INVALID_ARGUMENT error, if any. */
export function badRequest(err: unknown): BadRequest | undefined {
  if (!(err instanceof ConnectError)) {
    return undefined;
  }
  return err.findDetails(BadRequestSchema)[0];
}
