// Helpers of the suites: the environment clients/with-server exports, bounded waits, a clock that
// stands still, a Verilink server of a test's own (to stop and restart it under a client), and a
// gRPC server that counts the attempts it refuses.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer as createHttp2Server } from "node:http2";
import type { Http2Session } from "node:http2";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";

import { ConnectError } from "@connectrpc/connect";

import type { VerilinkClient } from "../src/index.js";

/**
 * Milliseconds a test waits for a condition that normally holds well within a second (a webhook
 * delivery, a watched event, a server that starts or stops, a call that fails at once). The wait
 * ends as soon as the condition holds; this deadline only bounds a hang, so that a busy machine does
 * not fail the test.
 */
export const HANG_MS = 60_000;

/** The variable's value; throws if unset (run through clients/with-server). */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: run through clients/with-server`);
  }
  return value;
}

/** Creates an inquiry from the first template (a fresh reference ID) and returns its ID. */
export async function newInquiry(client: VerilinkClient): Promise<string> {
  const { inquiryTemplates } = await client.templates.listInquiryTemplates({});
  const res = await client.inquiries.createInquiry({
    inquiry: { inquiryTemplateId: inquiryTemplates[0]?.id ?? "", referenceId: randomUUID() },
  });
  assert.match(res.inquiry?.id ?? "", /^inq_/);
  return res.inquiry?.id ?? "";
}

/** Runs `call`, which must fail, and returns its ConnectError. */
export async function failure(call: () => Promise<unknown>): Promise<ConnectError> {
  try {
    await call();
  } catch (err) {
    assert.ok(err instanceof ConnectError, `expected a ConnectError, got ${String(err)}`);
    return err;
  }
  assert.fail("the call succeeded; expected an error");
}

/** A TCP port of 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") {
    throw new Error("no TCP address");
  }
  return address.port;
}

/** Polls `probe` every 20 ms until it returns a value other than undefined; fails after `ms`. */
export async function waitFor<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  const end = performance.now() + ms; // monotonic: a step of the wall clock moves no deadline
  for (;;) {
    const value = probe();
    if (value !== undefined) {
      return value;
    }
    if (performance.now() > end) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Runs `f` with `Date.now()` standing still at `seconds` (a Unix time): a timestamp signed N s from
 * it is then exactly N s old when `f` verifies it, however long that takes (with the real clock,
 * `now + 301` is only 300.x s ahead once the next second has begun). `f` is synchronous, so nothing
 * else runs, or sees the frozen clock, meanwhile.
 */
export function atClock<T>(seconds: number, f: () => T): T {
  const realNow = Date.now;
  Date.now = () => seconds * 1000;
  try {
    return f();
  } finally {
    Date.now = realNow;
  }
}

/** `promise`, or a rejection if it does not settle within `ms`. */
export async function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The `skip` option of tests that start an `OwnServer`: false when the environment names the server
 * binary and its database (clients/with-server exports both; clients/typescript/test requires them).
 */
export const ownServerSkip: string | false =
  process.env.VERILINK_BIN && process.env.VERILINK_DATABASE_URL
    ? false
    : "needs VERILINK_BIN and VERILINK_DATABASE_URL (clients/with-server exports them)";

/**
 * A Verilink server of the test's own on 127.0.0.1:`port`, on the database of clients/with-server
 * (VERILINK_BIN, VERILINK_DATABASE_URL); resolves once it logs `gRPC listening`. A suite stops the
 * ones it started with `OwnServer.stopAll()` (in `after`); any still running when the process exits
 * are killed.
 */
export class OwnServer {
  private static readonly running = new Set<OwnServer>();

  static async stopAll(): Promise<void> {
    await Promise.all([...OwnServer.running].map((server) => server.stop()));
  }

  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly log: () => string,
  ) {}

  static async start(port: number): Promise<OwnServer> {
    const child = spawn(requireEnv("VERILINK_BIN"), ["serve", "--grpc-addr", `127.0.0.1:${port}`], {
      env: {
        ...process.env,
        VERILINK_DATABASE_URL: requireEnv("VERILINK_DATABASE_URL"),
        VERILINK_HTTP_ADDR: "127.0.0.1:0",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
    const server = new OwnServer(port, child, () => log);
    OwnServer.running.add(server);
    process.once("exit", () => child.kill("SIGKILL"));
    try {
      await waitFor(`the server on port ${port} to log "gRPC listening"`, HANG_MS, () => {
        if (child.exitCode !== null) {
          throw new Error(`the server exited (${child.exitCode}):\n${log}`);
        }
        return log.includes("gRPC listening") ? true : undefined;
      });
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /**
   * Stops the server and waits for its exit: SIGTERM lets it drain (streams end with status OK),
   * SIGKILL drops its connections. SIGKILL after HANG_MS if it is still running.
   */
  async stop(signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<void> {
    OwnServer.running.delete(this);
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    const exited = once(this.child, "exit");
    this.child.kill(signal);
    try {
      await within(`the server to exit after ${signal}`, HANG_MS, exited);
    } catch (err) {
      this.child.kill("SIGKILL");
      throw new Error(`${String(err)}\n${this.log()}`);
    }
  }
}

/** A call as a server saw it: its method's name (`CreateInquiry`) and `idempotency-key` header. */
export interface SeenCall {
  method: string;
  idempotencyKey: string | string[] | undefined;
}

/**
 * A gRPC server on 127.0.0.1 that answers every call with UNAVAILABLE and records it: the attempts
 * a client made, as a server saw them.
 */
export class UnavailableServer {
  readonly calls: SeenCall[] = [];
  private readonly sessions = new Set<Http2Session>();
  private readonly server = createHttp2Server();

  private constructor() {
    this.server.on("session", (session: Http2Session) => {
      this.sessions.add(session);
      session.on("close", () => this.sessions.delete(session));
    });
    this.server.on("stream", (stream, headers) => {
      this.calls.push({
        method: String(headers[":path"]).split("/").at(-1) ?? "",
        idempotencyKey: headers["idempotency-key"],
      });
      stream.resume(); // the request message: not read
      stream.on("end", () =>
        stream.respond(
          {
            ":status": 200,
            "content-type": "application/grpc",
            "grpc-status": "14",
            "grpc-message": "down for the test",
          },
          { endStream: true },
        ),
      );
    });
  }

  static async start(): Promise<UnavailableServer> {
    const unavailable = new UnavailableServer();
    unavailable.server.listen(0, "127.0.0.1");
    await once(unavailable.server, "listening");
    return unavailable;
  }

  get address(): string {
    const address = this.server.address();
    if (address === null || typeof address === "string") {
      throw new Error("no TCP address");
    }
    return `127.0.0.1:${address.port}`;
  }

  /** Stops listening and drops the connections of the clients. */
  async close(): Promise<void> {
    const closed = once(this.server, "close");
    this.server.close();
    for (const session of this.sessions) {
      session.destroy();
    }
    await closed;
  }
}
