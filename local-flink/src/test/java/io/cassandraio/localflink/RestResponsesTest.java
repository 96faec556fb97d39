package io.cassandraio.localflink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.cassandraio.localflink.RestResponses.SavepointStatus;
import io.cassandraio.localflink.RestResponses.TaskManagerInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** Answers shaped like Flink 1.19's REST API (copied from a running cluster, trimmed). */
public class RestResponsesTest {

  @Test
  public void taskManagers() {
    String body = "{\"taskmanagers\":[{\"id\":\"taskmanager-2\",\"path\":\"pekko.tcp://flink@127.0.40.1:1/user/rpc/taskmanager_0\","
        + "\"dataPort\":33,\"slotsNumber\":2,\"freeSlots\":1,\"hardware\":{}},{\"id\":\"taskmanager-1\",\"slotsNumber\":2,\"freeSlots\":2}]}";
    assertEquals(List.of(new TaskManagerInfo("taskmanager-2", 2, 1), new TaskManagerInfo("taskmanager-1", 2, 2)),
        RestResponses.taskManagers(body));
    assertEquals(List.of(), RestResponses.taskManagers("{\"taskmanagers\":[]}"));
  }

  @Test
  public void jobsAndJobState() {
    assertEquals(Map.of("a1", "RUNNING", "b2", "CANCELED"),
        RestResponses.jobs("{\"jobs\":[{\"id\":\"a1\",\"status\":\"RUNNING\"},{\"id\":\"b2\",\"status\":\"CANCELED\"}]}"));
    assertEquals("RUNNING", RestResponses.jobState("{\"jid\":\"a1\",\"name\":\"x\",\"state\":\"RUNNING\",\"vertices\":[]}"));
  }

  @Test
  public void uploadedJarIdIsTheStoredFileName() {
    assertEquals("5f99-1_job.jar", RestResponses.uploadedJarId(
        "{\"filename\":\"/w/uploads/flink-web-x/flink-web-upload/5f99-1_job.jar\",\"status\":\"success\"}"));
  }

  @Test
  public void jobIdAndTriggerId() {
    assertEquals("f00", RestResponses.jobId("{\"jobid\":\"f00\"}"));
    assertEquals("t1", RestResponses.triggerId("{\"request-id\":\"t1\"}"));
    assertThat(assertThrows(LocalFlinkException.class, () -> RestResponses.jobId("{\"x\":1}")).getMessage(),
        containsString("no 'jobid'"));
  }

  @Test
  public void savepointStatusInProgressDoneOrFailed() {
    assertFalse(RestResponses.savepointStatus("{\"status\":{\"id\":\"IN_PROGRESS\"}}").completed());
    assertEquals(new SavepointStatus(true, Optional.of("file:/w/savepoints/savepoint-1"), Optional.empty()),
        RestResponses.savepointStatus("{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:/w/savepoints/savepoint-1\"}}"));
    SavepointStatus failed = RestResponses.savepointStatus("{\"status\":{\"id\":\"COMPLETED\"},"
        + "\"operation\":{\"failure-cause\":{\"class\":\"x\",\"stack-trace\":\"CheckpointException: declined\"}}}");
    assertTrue(failed.completed());
    assertEquals(Optional.of("CheckpointException: declined"), failed.failure());
  }

  @Test
  public void metricsValuesAreStringsInFlinksAnswer() {
    assertEquals(Map.of("Status.JVM.Threads.Count", 54L, "Status.JVM.CPU.Load", 1L),
        RestResponses.metrics("[{\"id\":\"Status.JVM.Threads.Count\",\"value\":\"54\"},{\"id\":\"Status.JVM.CPU.Load\",\"value\":\"0.9\"}]"));
  }

  @Test
  public void errorsJoinFlinksErrorListOrQuoteTheBody() {
    assertEquals("Internal server error.\n<Exception on server side: boom>",
        RestResponses.errors("{\"errors\":[\"Internal server error.\",\"<Exception on server side: boom>\"]}"));
    assertEquals("Not found", RestResponses.errors("Not found"));
  }
}
