package io.cassandraio.internal.execution;

import java.util.concurrent.Semaphore;

/**
 * The sliding window of in-flight requests, bounded by requests and by bytes: a request takes
 * room before it is sent and gives it back when it completes, so a new one goes out as soon as
 * any earlier one finishes. Bytes are counted in KiB permits, rounded up (so the bytes in flight
 * never exceed the bound); a request larger than the whole window takes all of it (it is never
 * refused).
 */
final class InFlightWindow {
  static final int BYTES_PER_PERMIT = 1024;

  private final Semaphore requests;
  private final Semaphore bytes;
  private final int maxBytePermits;

  InFlightWindow(ExecutionLimits limits) {
    this.requests = new Semaphore(limits.maxInFlightRequests());
    // A semaphore counts in int: beyond 2 TiB (e.g. Long.MAX_VALUE for "no bound") the bytes do not bind.
    this.maxBytePermits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, limits.maxInFlightBytes() / BYTES_PER_PERMIT));
    this.bytes = new Semaphore(maxBytePermits);
  }

  /** Waits for room for one request of {@code sizeBytes}; returns the room taken, for {@link #release}. */
  Room acquire(int sizeBytes) throws InterruptedException {
    int permits = (int) Math.min(maxBytePermits, Math.max(1, ((long) sizeBytes + BYTES_PER_PERMIT - 1) / BYTES_PER_PERMIT));
    requests.acquire();
    try {
      bytes.acquire(permits);
    } catch (InterruptedException e) {
      requests.release();
      throw e;
    }
    return new Room(permits);
  }

  void release(Room room) {
    bytes.release(room.bytePermits());
    requests.release();
  }

  /** Requests that may still be sent without waiting. */
  int freeRequests() {
    return requests.availablePermits();
  }

  record Room(int bytePermits) {}
}
