// Verify a Verilink webhook delivery (Node.js 18+, no dependencies).
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** True if `header` (Verilink-Signature) signs this raw request `body` with `secret`. */
export function verify(secret, header, body, toleranceSeconds = 300) {
  const parts = header.split(",").map((part) => {
    const at = part.indexOf("=");
    return [part.slice(0, at), part.slice(at + 1)];
  });
  const timestamp = parts.find(([key]) => key === "t")?.[1];
  if (!timestamp || Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) {
    return false; // missing, or too old: a replayed request
  }
  const expected = Buffer.from(
    createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex"),
  );
  // Two v1 values arrive while a secret rotation is in its grace period; either may match.
  return parts.some(
    ([key, value]) =>
      key === "v1" && value.length === expected.length && timingSafeEqual(Buffer.from(value), expected),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [secret, header, bodyPath] = process.argv.slice(2);
  process.exit(verify(secret, header, readFileSync(bodyPath)) ? 0 : 1);
}
