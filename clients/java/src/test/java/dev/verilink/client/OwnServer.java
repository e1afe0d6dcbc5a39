package dev.verilink.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Verilink server of the suite's own ($VERILINK_BIN serve) on the database of clients/with-server
 * (VERILINK_DATABASE_URL), on a port it keeps across restarts: to stop a server in the middle of a
 * stream and start it again. Never started, its port is one that nothing listens on.
 */
final class OwnServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = TestEnv.WAIT_LIMIT;

  /**
   * How long the server may take to exit after SIGTERM: its drain timeout ({@code
   * VERILINK_DRAIN_TIMEOUT_MS}, which it inherits, or its default, 10 s), and then some.
   */
  private static final Duration STOP_TIMEOUT =
      Duration.ofMillis(
              Long.parseLong(
                  System.getenv().getOrDefault("VERILINK_DRAIN_TIMEOUT_MS", "10000").strip()))
          .plus(TestEnv.WAIT_LIMIT);

  private final int port = freePort();
  private final Path log;
  private Process process;

  OwnServer() {
    try {
      log = Files.createTempFile("verilink-server-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:<port>}, whether the server runs or not. */
  String target() {
    return "127.0.0.1:" + port;
  }

  /** Starts the server and waits until it listens (its log says {@code gRPC listening}). */
  void start() throws IOException, InterruptedException {
    TestEnv.env("VERILINK_DATABASE_URL"); // the server's database, inherited from the environment
    ProcessBuilder builder =
        new ProcessBuilder(TestEnv.env("VERILINK_BIN"), "serve", "--grpc-addr", target())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("VERILINK_HTTP_ADDR", "127.0.0.1:0");
    builder.environment().put("RUST_LOG", "info");
    process = builder.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (Files.readString(log).contains("gRPC listening")) {
        return;
      }
      if (!process.isAlive()) {
        fail("the server exited: " + Files.readString(log));
      }
      Thread.sleep(20);
    }
    fail("the server did not listen within " + START_TIMEOUT + ": " + Files.readString(log));
  }

  /** Stops the server with SIGTERM (it drains: streams end with OK) and waits for it to exit. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      fail("the server did not exit within " + STOP_TIMEOUT + " of SIGTERM");
    }
  }

  @Override
  public void close() throws IOException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
    Files.deleteIfExists(log);
  }

  /** A loopback port nothing listens on (for the moment). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
