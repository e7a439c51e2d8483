package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application that forgot its row policy: Syncline starts, says so in the log, and sends no row
 * to anyone — every subscription is refused with {@code forbidden}, and the session goes on.
 */
@ExtendWith(ArquillianExtension.class)
class NoPolicyIT {

    private final NotesApi alice = new NotesApi("alice");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SampleDeployment.notesWithoutPolicy();
    }

    @Test
    void withoutAPolicyStartupWarnsAndEverySubscriptionIsRefused() {
        assertThat(ServerLog.whole().recordsSince())
                .anyMatch(record -> record.contains("WARN") && record.contains("found no RowPolicy bean"));
        alice.create("no-policy", "written, never sent");

        try (SyncClient client = SyncClient.connect(NotesApi.webSocketUri(), NotesApi.basic("alice"))) {
            client.send("{\"op\":\"subscribe\",\"id\":\"stream\",\"entity\":\"Note\"}");
            client.send("{\"op\":\"subscribe\",\"id\":\"snapshot\",\"entity\":\"Note\",\"snapshot\":true}");
            client.send("{\"op\":\"ping\",\"id\":\"after\"}");

            client.awaitFrame(f -> "pong".equals(f.getString("type")) && "after".equals(f.getString("id")));
            for (String id : List.of("stream", "snapshot")) {
                JsonObject answer = client.awaitFrame(f -> id.equals(f.getString("id", null)));
                assertThat(answer.getString("type")).as(id).isEqualTo("error");
                assertThat(answer.getString("code")).as(id).isEqualTo("forbidden");
                assertThat(answer.getString("message")).as(id).contains("no row policy");
            }
            assertThat(client.frames()).noneMatch(f -> "snapshot".equals(f.getString("type")) || "changes".equals(f.getString("type")));
        }
    }
}
