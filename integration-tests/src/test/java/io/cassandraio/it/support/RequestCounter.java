package io.cassandraio.it.support;

import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A driver {@link RequestTracker} that counts what the writer's statements did on the wire, per
 * session name: requests (one per {@code execute} of the driver, ending in success or error) and
 * node attempts (one per node a request was sent to: more than one when the driver's retry policy
 * retries or tries the next node). Only bound statements and batches are counted, what a writer
 * sends.
 *
 * <p>The driver creates it (one per session) from a config file that {@link #configFile} writes:
 * {@code advanced.request-tracker.classes = [...]}, with {@code basic.session-name} naming the
 * counts. The code under test runs in this JVM (DirectRunner), so the test reads them here.
 */
public final class RequestCounter implements RequestTracker {
  /** What one session's tracker saw. */
  public static final class Counts {
    public final AtomicInteger requestSuccesses = new AtomicInteger();
    public final AtomicInteger requestErrors = new AtomicInteger();
    public final AtomicInteger nodeSuccesses = new AtomicInteger();
    public final AtomicInteger nodeErrors = new AtomicInteger();
    /** Node errors by exception class (simple name). */
    public final Map<String, AtomicInteger> nodeErrorsByType = new ConcurrentHashMap<>();

    @Override
    public String toString() {
      return "requests: " + requestSuccesses + " succeeded, " + requestErrors + " failed; node attempts: "
          + nodeSuccesses + " succeeded, " + nodeErrors + " failed " + nodeErrorsByType;
    }
  }

  private static final Map<String, Counts> BY_SESSION = new ConcurrentHashMap<>();

  private final Counts counts;

  /** Called by the driver (a tracker needs a public constructor taking the context). */
  public RequestCounter(DriverContext context) {
    this.counts = BY_SESSION.computeIfAbsent(context.getSessionName(), name -> new Counts());
  }

  /** What the sessions named {@code sessionName} saw so far (empty counts if none). */
  public static Counts of(String sessionName) {
    return BY_SESSION.computeIfAbsent(sessionName, name -> new Counts());
  }

  /**
   * Writes a driver config file (for {@code CassandraConnection.withConfigFile}) that registers
   * this tracker and names the session {@code sessionName}; {@code extraSettings} are further
   * lines inside {@code datastax-java-driver { }}. Returns its absolute path.
   */
  public static Path configFile(String sessionName, String... extraSettings) {
    StringBuilder conf = new StringBuilder("datastax-java-driver {\n")
        .append("  basic.session-name = \"").append(sessionName).append("\"\n")
        .append("  advanced.request-tracker.classes = [\"").append(RequestCounter.class.getName()).append("\"]\n");
    for (String line : extraSettings) {
      conf.append("  ").append(line).append('\n');
    }
    conf.append("}\n");
    try {
      Path file = Path.of("target", "request-counter", sessionName + ".conf").toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.writeString(file, conf, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean counted(Request request) {
    return request instanceof BoundStatement || request instanceof BatchStatement;
  }

  @Override
  public void onSuccess(Request request, long latencyNanos, DriverExecutionProfile profile,
      Node node, String logPrefix) {
    if (counted(request)) {
      counts.requestSuccesses.incrementAndGet();
    }
  }

  @Override
  public void onError(Request request, Throwable error, long latencyNanos,
      DriverExecutionProfile profile, Node node, String logPrefix) {
    if (counted(request)) {
      counts.requestErrors.incrementAndGet();
    }
  }

  @Override
  public void onNodeSuccess(Request request, long latencyNanos, DriverExecutionProfile profile,
      Node node, String logPrefix) {
    if (counted(request)) {
      counts.nodeSuccesses.incrementAndGet();
    }
  }

  @Override
  public void onNodeError(Request request, Throwable error, long latencyNanos,
      DriverExecutionProfile profile, Node node, String logPrefix) {
    if (counted(request)) {
      counts.nodeErrors.incrementAndGet();
      counts.nodeErrorsByType.computeIfAbsent(error.getClass().getSimpleName(), k -> new AtomicInteger())
          .incrementAndGet();
    }
  }

  @Override
  public void close() {}
}
