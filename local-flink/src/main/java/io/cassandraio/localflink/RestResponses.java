package io.cassandraio.localflink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the JSON answers of Flink's REST API (the parts the launcher needs). */
final class RestResponses {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One entry of {@code GET /taskmanagers}. */
  record TaskManagerInfo(String id, int slots, int freeSlots) {}

  /** {@code GET /jobs/:id/savepoints/:triggerId}: still running, done with a location, or failed. */
  record SavepointStatus(boolean completed, Optional<String> location, Optional<String> failure) {}

  private RestResponses() {}

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new LocalFlinkException("Flink's REST API answered with something that is not JSON: " + abbreviate(body), e);
    }
  }

  static List<TaskManagerInfo> taskManagers(String body) {
    List<TaskManagerInfo> result = new ArrayList<>();
    for (JsonNode tm : parse(body).path("taskmanagers")) {
      result.add(new TaskManagerInfo(tm.path("id").asText(), tm.path("slotsNumber").asInt(), tm.path("freeSlots").asInt()));
    }
    return result;
  }

  /** {@code GET /jobs}: job id to status. */
  static Map<String, String> jobs(String body) {
    Map<String, String> result = new LinkedHashMap<>();
    for (JsonNode job : parse(body).path("jobs")) {
      result.put(job.path("id").asText(), job.path("status").asText());
    }
    return result;
  }

  /** {@code GET /jobs/:id}: its state. */
  static String jobState(String body) {
    return required(parse(body), "state", body);
  }

  /** {@code POST /jars/upload}: the id is the last path segment of the stored file name. */
  static String uploadedJarId(String body) {
    String filename = required(parse(body), "filename", body);
    return filename.substring(filename.lastIndexOf('/') + 1);
  }

  static String jobId(String body) {
    return required(parse(body), "jobid", body);
  }

  /** Trigger answers: {@code {"request-id": "..."}}. */
  static String triggerId(String body) {
    return required(parse(body), "request-id", body);
  }

  static SavepointStatus savepointStatus(String body) {
    JsonNode root = parse(body);
    if (!"COMPLETED".equals(root.path("status").path("id").asText())) {
      return new SavepointStatus(false, Optional.empty(), Optional.empty());
    }
    JsonNode operation = root.path("operation");
    if (operation.hasNonNull("location")) {
      return new SavepointStatus(true, Optional.of(operation.get("location").asText()), Optional.empty());
    }
    JsonNode cause = operation.path("failure-cause");
    String failure = cause.hasNonNull("stack-trace") ? cause.get("stack-trace").asText() : cause.toString();
    return new SavepointStatus(true, Optional.empty(), Optional.of(failure));
  }

  /** {@code GET /taskmanagers/:id/metrics?get=...}: metric name to value (Flink sends strings). */
  static Map<String, Long> metrics(String body) {
    Map<String, Long> result = new LinkedHashMap<>();
    for (JsonNode metric : parse(body)) {
      String value = metric.path("value").asText();
      long number;
      try {
        number = Long.parseLong(value);
      } catch (NumberFormatException e) {
        number = Math.round(Double.parseDouble(value));
      }
      result.put(metric.path("id").asText(), number);
    }
    return result;
  }

  /** Flink's error answer {@code {"errors": [...]}} as one text; the body itself if it has no such list. */
  static String errors(String body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        List<String> parts = new ArrayList<>();
        errors.forEach(e -> parts.add(e.asText()));
        return String.join("\n", parts);
      }
    } catch (JsonProcessingException e) {
      // not JSON: quote it as it is
    }
    return abbreviate(body);
  }

  private static String required(JsonNode root, String field, String body) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw new LocalFlinkException("Flink's REST answer has no '" + field + "': " + abbreviate(body));
    }
    return value.asText();
  }

  private static String abbreviate(String body) {
    return body.length() <= 2000 ? body : body.substring(0, 2000) + "...";
  }
}
