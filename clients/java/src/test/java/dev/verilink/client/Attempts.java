package dev.verilink.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The attempts of each method (by bare name) that reach the channel, each with the {@code
 * idempotency-key} entries it sent: an interceptor of the channel itself, it runs below the
 * retries, once per attempt.
 */
final class Attempts implements ClientInterceptor {
  private final Map<String, List<List<String>>> sent = new ConcurrentHashMap<>();

  /** A client of {@code target} with the sandbox API key, whose attempts this records. */
  VerilinkClient client(String target, boolean retries) {
    return TestEnv.plaintext(target)
        .apiKey(TestEnv.apiKey())
        .retries(retries)
        .configureChannel(channel -> channel.intercept(this))
        .build();
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    return new SimpleForwardingClientCall<ReqT, RespT>(next.newCall(method, callOptions)) {
      @Override
      public void start(Listener<RespT> responseListener, Metadata headers) {
        List<String> keys = new ArrayList<>();
        Iterable<String> values = headers.getAll(VerilinkClient.IDEMPOTENCY_KEY);
        if (values != null) {
          values.forEach(keys::add);
        }
        sent.computeIfAbsent(method.getBareMethodName(), name -> new CopyOnWriteArrayList<>())
            .add(keys);
        super.start(responseListener, headers);
      }
    };
  }

  /** How many attempts of {@code method} were made. */
  int of(String method) {
    List<List<String>> attempts = sent.get(method);
    return attempts == null ? 0 : attempts.size();
  }

  /** The keys of each attempt of {@code method} so far, which it then forgets. */
  List<List<String>> take(String method) {
    List<List<String>> keys = sent.remove(method);
    return keys == null ? List.of() : List.copyOf(keys);
  }
}
