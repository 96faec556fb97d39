package io.cassandraio;

import java.io.Serializable;
import java.util.Objects;

/** An element that could not be written, with why: what {@code REPORT} mode emits. */
public final class FailedWrite<T> implements Serializable {
  private static final long serialVersionUID = 1L;
  private final T element;
  private final String errorClass;
  private final String errorMessage;

  public FailedWrite(T element, String errorClass, String errorMessage) {
    this.element = element;
    this.errorClass = errorClass;
    this.errorMessage = errorMessage;
  }

  public static <T> FailedWrite<T> of(T element, Throwable error) {
    return new FailedWrite<>(element, error.getClass().getName(), String.valueOf(error.getMessage()));
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

  @Override
  public boolean equals(Object o) {
    return o instanceof FailedWrite<?> f && Objects.equals(element, f.element)
        && errorClass.equals(f.errorClass) && errorMessage.equals(f.errorMessage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(element, errorClass, errorMessage);
  }

  @Override
  public String toString() {
    return "FailedWrite{" + element + ": " + errorClass + ": " + errorMessage + "}";
  }
}
