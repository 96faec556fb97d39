package io.cassandraio.localflink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** Plain HTTP calls to a JobManager's REST endpoint; answers are JSON text for {@link RestResponses}. */
final class FlinkRest {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** Flink answered with an error status; {@link #getMessage()} carries Flink's error text. */
  static final class RestError extends LocalFlinkException {
    private static final long serialVersionUID = 1L;
    final int status;

    RestError(String request, int status, String flinkErrors) {
      super(request + " answered HTTP " + status + ": " + flinkErrors);
      this.status = status;
    }
  }

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  FlinkRest(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  String get(String path) {
    return send("GET " + path, request(path).GET());
  }

  String post(String path, String json) {
    return send("POST " + path,
        request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
  }

  String patch(String path) {
    return send("PATCH " + path, request(path).method("PATCH", BodyPublishers.noBody()));
  }

  /** {@code POST /jars/upload} as multipart/form-data with one part, {@code jarfile}. */
  String uploadJar(Path jar) {
    String boundary = "localflink-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      body.write(("--" + boundary + "\r\n"
          + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName() + "\"\r\n"
          + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.write(Files.readAllBytes(jar));
      body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new LocalFlinkException("Cannot read the jar " + jar, e);
    }
    return send("POST /jars/upload (" + jar + ")",
        request("/jars/upload")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** Whether the REST endpoint answers at all. */
  boolean answers() {
    try {
      http.send(request("/config").GET().build(), BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalFlinkException("Interrupted while calling " + baseUrl, e);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
  }

  private String send(String what, HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new LocalFlinkException(what + " to the JobManager at " + baseUrl + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalFlinkException("Interrupted during " + what + " to " + baseUrl, e);
    }
    if (response.statusCode() >= 400) {
      throw new RestError(what + " to " + baseUrl, response.statusCode(), RestResponses.errors(response.body()));
    }
    return response.body();
  }
}
