package io.cassandraio.local;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads a node's JMX attributes (Cassandra binds JMX to 127.0.0.1 only, one port per node).
 * Only plain JDK types cross the wire, so no Cassandra class is needed here.
 */
public final class NodeJmx {
  private static final String STORAGE_SERVICE = "org.apache.cassandra.db:type=StorageService";

  private final int port;

  NodeJmx(int port) {
    this.port = port;
  }

  public int port() {
    return port;
  }

  /** Addresses this node's gossiper considers UP, itself included. */
  @SuppressWarnings("unchecked")
  public List<String> liveNodes() throws IOException {
    return (List<String>) attribute(STORAGE_SERVICE, "LiveNodes");
  }

  /**
   * The attribute, or empty while its MBean is not registered (Cassandra registers some metrics
   * only on first use, e.g. {@code HintsService}).
   */
  public Optional<Object> attributeIfRegistered(String objectName, String attribute) throws IOException {
    try {
      return Optional.of(read(objectName, attribute));
    } catch (InstanceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Any attribute of any MBean, for example a metric's {@code Count}. */
  public Object attribute(String objectName, String attribute) throws IOException {
    try {
      return read(objectName, attribute);
    } catch (InstanceNotFoundException e) {
      throw new IOException("JMX " + objectName + " is not registered on port " + port, e);
    }
  }

  private Object read(String objectName, String attribute) throws IOException, InstanceNotFoundException {
    JMXServiceURL url =
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
    try (JMXConnector connector = JMXConnectorFactory.connect(url, Map.of())) {
      MBeanServerConnection connection = connector.getMBeanServerConnection();
      return connection.getAttribute(new ObjectName(objectName), attribute);
    } catch (InstanceNotFoundException e) {
      throw e;
    } catch (JMException e) {
      throw new IOException("JMX " + objectName + "/" + attribute + " on port " + port + ": " + e, e);
    }
  }
}
