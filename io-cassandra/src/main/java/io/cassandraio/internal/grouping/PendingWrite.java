package io.cassandraio.internal.grouping;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.cassandraio.internal.routing.GroupKey;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One element on its way out: its statement, the statement's size, its route (group and
 * partition, computed once) and where the element came from (timestamp, window, pane), so that
 * a failure can be reported as the element itself.
 */
public record PendingWrite<T>(
    T element,
    BoundStatement statement,
    int sizeBytes,
    boolean idempotent,
    GroupKey group,
    @Nullable ByteBuffer partition,
    Instant timestamp,
    BoundedWindow window,
    PaneInfo pane) {}
