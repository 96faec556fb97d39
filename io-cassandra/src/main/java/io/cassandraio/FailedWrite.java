package io.cassandraio;

import java.io.Serializable;
import java.util.Objects;

/**
 * An element that could not be written, with why: what {@code REPORT} mode emits (and what
 * {@code withErrorHandler} receives as a {@code BadRecord}).
 *
 * <p>"Could not be written" does not always mean "is not in the table": when any attempt timed
 * out, some replicas may have applied it. {@link #isOutcomeUnknown()} says so; such an
 * element may be read back later. Retrying it is safe for idempotent writes (upserts, deletes),
 * not for counter updates or list appends.
 */
public final class FailedWrite<T> implements Serializable {
  private static final long serialVersionUID = 1L; // adding outcomeUnknown kept it compatible
  private final T element;
  private final String errorClass;
  private final String errorMessage;
  private final boolean outcomeUnknown;

  public FailedWrite(T element, String errorClass, String errorMessage, boolean outcomeUnknown) {
    this.element = element;
    this.errorClass = errorClass;
    this.errorMessage = errorMessage;
    this.outcomeUnknown = outcomeUnknown;
  }

  /** An element that was certainly not applied (for example, its statement could not be made). */
  public static <T> FailedWrite<T> notApplied(T element, Throwable error) {
    return of(element, error, false);
  }

  public static <T> FailedWrite<T> of(T element, Throwable error, boolean outcomeUnknown) {
    return new FailedWrite<>(element, error.getClass().getName(), String.valueOf(error.getMessage()), outcomeUnknown);
  }

  public T getElement() {
    return element;
  }

  /** Fully qualified class of the driver or server error, e.g. {@code ...InvalidQueryException}. */
  public String getErrorClass() {
    return errorClass;
  }

  public String getErrorMessage() {
    return errorMessage;
  }

  /**
   * True when an attempt to write the element ended without an answer (a timeout, a lost
   * connection): it may have been applied. False when every attempt was refused before anything
   * was applied (unavailable replicas, an invalid value, a statement that could not be made).
   */
  public boolean isOutcomeUnknown() {
    return outcomeUnknown;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailedWrite<?> f && Objects.equals(element, f.element)
        && errorClass.equals(f.errorClass) && errorMessage.equals(f.errorMessage) && outcomeUnknown == f.outcomeUnknown;
  }

  @Override
  public int hashCode() {
    return Objects.hash(element, errorClass, errorMessage, outcomeUnknown);
  }

  @Override
  public String toString() {
    return "FailedWrite{" + element + ": " + errorClass + ": " + errorMessage
        + (outcomeUnknown ? " (outcome unknown: it may have been written)" : "") + "}";
  }
}
