package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Resuming from an offset the journal cannot serve ends in {@code reset}, never in a silent hole. */
@ExtendWith(ArquillianExtension.class)
class ResumeIT {

    private final Api api = new Api();

    private int failedPublications() {
        return Integer.parseInt(api.expect(200, api.send("GET", "testkit/journal/rival/failed-publications", null)).body());
    }

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @AfterEach
    void restoreThePrimarySequencer() {
        api.expect(204, api.send("POST", "testkit/journal/rival/stop?release=true", null));
        api.expect(204, api.send("POST", "testkit/journal/primary/start", null));
    }

    @Test
    void aGapTheJournalCanNoLongerFillEndsInResetNeverInAHole() {
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            client.send("{\"op\":\"subscribe\",\"id\":\"b\",\"entity\":\"Board\"}");
            client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && "b".equals(f.getString("id")));
            long board = api.newBoard().getJsonNumber("id").longValue();
            // Everything written so far has been published: the rival's first publication is the card's.
            client.awaitFrame(f -> "changes".equals(f.getString("type")) && f.toString().contains("\"key\":\"" + board + "\""));
            api.expect(204, api.send("POST", "testkit/journal/primary/stop?release=true", null));
            api.expect(204, api.send("POST", "testkit/journal/rival/start?fault=DROP_AND_PURGE_FIRST", null));

            JsonObject lost = api.newCard(board, "its message is lost, its changes purged");
            await().atMost(Duration.ofSeconds(20)).until(() -> failedPublications() > 0);
            JsonObject next = api.newCard(board, "published after the hole");

            JsonObject reset = client.awaitFrame(f -> "reset".equals(f.getString("type")) && "s1".equals(f.getString("id")));
            assertThat(reset.getString("reason")).isEqualTo("offset-expired");
            assertThat(client.changes("s1")).noneMatch(Changes.key(lost)).noneMatch(Changes.key(next));
        }
    }

    @Test
    void sinceNewerThanAnythingPublishedGetsResetAndNoSubscription() {
        try (SyncClient client = SyncClient.connect()) {
            client.send("{\"op\":\"ping\",\"id\":\"p\"}");
            long newest = client.awaitFrame(f -> "pong".equals(f.getString("type"))).getJsonNumber("offset").longValue();

            client.send("{\"op\":\"subscribe\",\"id\":\"future\",\"entity\":\"Card\",\"since\":" + (newest + 1_000_000) + "}");

            JsonObject answer = client.awaitFrame(f -> "future".equals(f.getString("id", null)));
            assertThat(answer.getString("type")).isEqualTo("reset");
            assertThat(answer.getString("reason")).isEqualTo("offset-unknown");
            assertThat(answer.getJsonNumber("offset").longValue()).isLessThan(newest + 1_000_000);
            // No subscription was opened: the same id can subscribe again.
            client.send("{\"op\":\"subscribe\",\"id\":\"future\",\"entity\":\"Card\"}");
            client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && "future".equals(f.getString("id")));
        }
    }
}
