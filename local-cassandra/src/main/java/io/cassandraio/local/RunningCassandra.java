package io.cassandraio.local;

import java.net.InetSocketAddress;
import java.util.List;

/** A Cassandra to talk to, whichever backend provides it. Closing stops it if we started it. */
public interface RunningCassandra extends AutoCloseable {
  /** Native-protocol addresses for the driver's contact points. */
  List<InetSocketAddress> contactPoints();

  /** Datacenter the driver must call local. */
  String localDatacenter();

  /** Which backend provides it (tests that need a particular server version can check this). */
  BackendKind kind();

  /** Which backend this is, for logs: "local 1 node on 127.0.0.1:9042", "external ...". */
  String description();

  @Override
  void close();
}
