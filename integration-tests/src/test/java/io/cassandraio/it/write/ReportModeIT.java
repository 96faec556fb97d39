package io.cassandraio.it.write;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.CassandraIO;
import io.cassandraio.CassandraIOMetrics;
import io.cassandraio.FailedWrite;
import io.cassandraio.FailureMode;
import io.cassandraio.WriteResult;
import io.cassandraio.it.support.TestKeyspace;
import io.cassandraio.it.support.WriterMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.values.PCollection;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@code withFailureMode(REPORT)}: every good element is written, and exactly the bad ones come
 * out of {@code getFailedWrites()} with a readable error. Two kinds of bad element: one the
 * binder refuses (client side, before any statement exists) and one the server rejects (a
 * per-element TTL of -1: InvalidQueryException). The server-rejected ones share a partition,
 * hence a batch, with good ones: the batch must be split and its good statements written.
 * With {@code FAIL} the same server rejection fails the pipeline, naming table, count and cause.
 */
public class ReportModeIT {
  @ClassRule
  public static final TestKeyspace KEYSPACE = TestKeyspace.onSharedNode("it_report_mode")
      .withTable("report", "k text, c int, v text, PRIMARY KEY (k, c)")
      .withTable("fail", "k text, c int, v text, PRIMARY KEY (k, c)")
      .withTable("handler", "k text, c int, v text, PRIMARY KEY (k, c)");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** {@code ttl}: 0 means none; -1 is rejected by the server. */
  record Entry(String k, int c, String v, int ttl) implements Serializable {}

  /** Server-rejected: partitions k1 and k3 (k3 twice), each shared with good rows. */
  static final Set<String> SERVER_BAD = Set.of("k1/2", "k3/0", "k3/5");
  /** Refused by the binder. */
  static final Set<String> CLIENT_BAD = Set.of("k2/3", "k4/1");

  /** 5 partitions x 6 rows, 5 of them bad. */
  static List<Entry> input(boolean withClientBad) {
    List<Entry> out = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      for (int k = 0; k < 5; k++) {
        String key = "k" + k + "/" + c;
        if (CLIENT_BAD.contains(key) && !withClientBad) {
          continue;
        }
        out.add(new Entry("k" + k, c, CLIENT_BAD.contains(key) ? "CLIENT-BAD " + key : "v " + key,
            SERVER_BAD.contains(key) ? -1 : (c % 2 == 0 ? 0 : 3600)));
      }
    }
    return out;
  }

  static String key(Entry e) {
    return e.k() + "/" + e.c();
  }

  private static CassandraIO.Write<Entry> write(String table) {
    return CassandraIO.<Entry>write()
        .withConnection(KEYSPACE.connection())
        .withStatement("INSERT INTO " + table + " (k, c, v) VALUES (?, ?, ?) USING TTL ?", (e, b) -> {
          if (e.v().startsWith("CLIENT-BAD")) {
            throw new IllegalArgumentException("binder refuses " + e.v());
          }
          return b.setString("k", e.k()).setInt("c", e.c()).setString("v", e.v()).build();
        })
        .withTtl(e -> e.ttl() == 0 ? null : e.ttl());
  }

  @Test
  public void reportsExactlyTheBadElementsAndWritesTheRest() {
    String listener = "report-mode";
    List<Entry> input = input(true);
    WriteResult<Entry> result = WriteItSupport.oneBundle(pipeline, "Entries", input, SerializableCoder.of(Entry.class))
        .apply(write("report")
            .withFailureMode(FailureMode.REPORT)
            .withSentRequestListener(WriteItSupport.recordingListener(listener)));
    PCollection<FailedWrite<Entry>> failed = result.getFailedWrites();
    PAssert.that(failed).satisfies(ReportModeIT::checkFailures);
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();

    // Every good element, with its value; none of the bad ones.
    Map<String, String> expected = new TreeMap<>();
    input.stream().filter(e -> !SERVER_BAD.contains(key(e)) && !CLIENT_BAD.contains(key(e)))
        .forEach(e -> expected.put(key(e), e.v()));
    Map<String, String> stored = new TreeMap<>();
    KEYSPACE.session().execute("SELECT k, c, v FROM " + KEYSPACE.table("report"))
        .forEach(r -> stored.put(r.getString("k") + "/" + r.getInt("c"), r.getString("v")));
    assertEquals(expected, stored);

    // A bad statement went out in a batch with good ones, and those good ones were then re-sent alone.
    List<List<BoundStatement>> requests = WriteItSupport.sent(listener);
    List<List<BoundStatement>> mixed = requests.stream()
        .filter(r -> r.size() > 1 && r.stream().anyMatch(ReportModeIT::isServerBad)
            && r.stream().anyMatch(s -> !isServerBad(s)))
        .toList();
    assertTrue("no batch mixed a bad statement with good ones, so the split was not exercised; sent: "
        + requests.stream().map(ReportModeIT::keys).toList(), !mixed.isEmpty());
    Set<String> sentAlone = new HashSet<>();
    requests.stream().filter(r -> r.size() == 1).forEach(r -> sentAlone.addAll(keys(r)));
    for (List<BoundStatement> batch : mixed) {
      for (String k : keys(batch)) {
        assertTrue(k + " was in a failed batch but never re-sent on its own", sentAlone.contains(k));
      }
    }

    assertEquals(SERVER_BAD.size() + CLIENT_BAD.size(), WriterMetrics.committed(run, CassandraIOMetrics.FAILED_ELEMENTS));
    assertEquals(expected.size(), WriterMetrics.committed(run, CassandraIOMetrics.ROWS_WRITTEN));
  }

  @Test
  public void failModeFailsNamingTableCountAndCause() {
    WriteItSupport.oneBundle(pipeline, "Entries", input(false), SerializableCoder.of(Entry.class))
        .apply(write("fail"));
    Throwable e = assertThrows(Throwable.class, () -> pipeline.run().waitUntilFinish());
    String messages = WriteItSupport.messages(e);
    assertTrue(messages, messages.contains("io.cassandraio.CassandraWriteException"));
    // Without REPORT a failed batch is not split: the count covers the bad statements and, at
    // most, the good ones of their partitions (k1 and k3, 6 rows each), of the 28 in the bundle.
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "failed: (\\d+) of the 28 statements this bundle got so far were not written to " + KEYSPACE.name()
            + "\\.fail \\(.*\\); the bundle fails and the runner may retry it\\. "
            + "First cause: com\\.datastax\\.oss\\.driver\\.api\\.core\\.servererrors\\.InvalidQueryException: "
            + "A TTL must be greater or equal to 0, but was -1").matcher(messages);
    assertTrue(messages, m.find());
    int notWritten = Integer.parseInt(m.group(1));
    assertTrue(messages, notWritten >= SERVER_BAD.size() && notWritten <= 12);
  }

  @Test
  public void theErrorHandlerGetsEachBadElementAsABadRecordEncodedWithTheInputCoder() {
    SerializableCoder<Entry> coder = SerializableCoder.of(Entry.class);
    PCollection<Entry> entries = WriteItSupport.oneBundle(pipeline, "Entries", input(true), coder);
    BadRecordErrorHandler<PCollection<BadRecord>> handler = pipeline.registerBadRecordErrorHandler(new KeepBadRecords());
    try (handler) {
      entries.apply(write("handler").withErrorHandler(handler));
    }
    PCollection<BadRecord> badRecords = handler.getOutput(); // once the handler is closed
    PAssert.that(badRecords.apply(MapElements.into(TypeDescriptors.strings()).via(r -> {
      try {
        Entry e = CoderUtils.decodeFromByteArray(coder, r.getRecord().getEncodedRecord());
        return key(e) + " " + r.getFailure().getException().startsWith(SERVER_BAD.contains(key(e))
            ? "com.datastax.oss.driver.api.core.servererrors.InvalidQueryException: "
            : "java.lang.IllegalArgumentException: binder refuses") + " " + r.getFailure().getDescription();
      } catch (java.io.IOException ex) {
        throw new IllegalStateException(ex);
      }
    }))).containsInAnyOrder(java.util.stream.Stream.concat(SERVER_BAD.stream(), CLIENT_BAD.stream())
        .map(k -> k + " true CassandraIO.write(INSERT INTO handler (k, c, v) VALUES (?, ?, ?) USING TTL ?): not written")
        .toList());
    pipeline.run().waitUntilFinish();
    assertEquals("every good element written", input(true).size() - SERVER_BAD.size() - CLIENT_BAD.size(),
        KEYSPACE.session().execute("SELECT count(*) FROM " + KEYSPACE.table("handler")).one().getLong(0));
  }

  /** The dead-letter sink of the test: keeps the records for PAssert. */
  static final class KeepBadRecords extends PTransform<PCollection<BadRecord>, PCollection<BadRecord>> {
    @Override
    public PCollection<BadRecord> expand(PCollection<BadRecord> records) {
      return records.apply("Keep", MapElements.into(TypeDescriptor.of(BadRecord.class)).via(r -> r))
          .setCoder(records.getCoder());
    }
  }

  /** Exactly the bad elements, each once, each with a readable error of the right kind. */
  static Void checkFailures(Iterable<FailedWrite<Entry>> failures) {
    Map<String, FailedWrite<Entry>> byKey = new TreeMap<>();
    int count = 0;
    for (FailedWrite<Entry> f : failures) {
      byKey.put(key(f.getElement()), f);
      count++;
    }
    Set<String> bad = new HashSet<>(SERVER_BAD);
    bad.addAll(CLIENT_BAD);
    assertEquals("reported elements: " + byKey.values(), new TreeSet<>(bad), new TreeSet<>(byKey.keySet()));
    assertEquals("each bad element reported once: " + byKey.values(), bad.size(), count);
    for (FailedWrite<Entry> f : byKey.values()) {
      String k = key(f.getElement());
      if (SERVER_BAD.contains(k)) {
        assertEquals(f.toString(), "com.datastax.oss.driver.api.core.servererrors.InvalidQueryException", f.getErrorClass());
        assertTrue(f.toString(), f.getErrorMessage().contains("TTL") && f.getErrorMessage().contains("-1"));
        assertEquals(-1, f.getElement().ttl());
      } else {
        assertEquals(f.toString(), IllegalArgumentException.class.getName(), f.getErrorClass());
        assertEquals("binder refuses CLIENT-BAD " + k, f.getErrorMessage());
      }
    }
    return null;
  }

  private static boolean isServerBad(BoundStatement s) {
    return s.isSet(3) && !s.isNull(3) && s.getInt(3) == -1;
  }

  private static List<String> keys(List<BoundStatement> request) {
    return request.stream().map(s -> s.getString("k") + "/" + s.getInt("c")).toList();
  }
}
