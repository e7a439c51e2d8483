package io.syncline.it;

import static io.syncline.it.Changes.key;
import static io.syncline.it.Changes.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One sequencer at a time, with takeover; crash safety between commit and publish; gap repair.
 * A rival sequencer runs beside this server's own against the same database, and faults are
 * injected into its publication (the server runs with a 2 s lease).
 */
@ExtendWith(ArquillianExtension.class)
class SequencerIT {

    private static final Duration TAKEOVER = Duration.ofSeconds(20);

    private final Api api = new Api();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @AfterEach
    void restoreThePrimary() {
        api.expect(204, api.send("POST", "testkit/journal/rival/stop?release=true", null));
        api.expect(204, api.send("POST", "testkit/journal/primary/start", null));
    }

    @Test
    void exactlyOneOfTwoSequencersHoldsTheLeaseAndTheOtherTakesOverWhenItDies() {
        String primary = api.expect(200, api.send("GET", "testkit/journal/primary", null)).body();
        api.expect(204, api.send("POST", "testkit/journal/rival/start", null));
        await().atMost(TAKEOVER).until(() -> primary.equals(leaseOwner()));
        // The rival keeps trying; the primary keeps the lease while it lives.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> primary.equals(leaseOwner()));

        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            api.expect(204, api.send("POST", "testkit/journal/primary/stop?release=false", null)); // dies, lease held

            await().atMost(TAKEOVER).until(() -> "rival".equals(leaseOwner()));
            long board = api.newBoard().getJsonNumber("id").longValue();
            JsonObject card = api.newCard(board, "sequenced by the rival");

            assertThat(client.awaitChange(key(card)).getString("op")).isEqualTo("insert");
        }
    }

    @Test
    void changeCommittedButNotPublishedWhenTheSequencerDiedIsPublishedAfterRestart() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            api.expect(204, api.send("POST", "testkit/journal/primary/stop?release=true", null));
            api.expect(204, api.send("POST", "testkit/journal/rival/start?fault=CRASH_AT_PUBLISH", null));

            JsonObject card = api.newCard(board, "committed, numbered, never published");
            // The rival numbers the change and crashes before publishing it (the board's own change,
            // if it was still unnumbered, crashes it too: only the card's number tells).
            await().atMost(TAKEOVER).until(() -> numbered(card.getJsonNumber("id").longValue()));
            api.expect(204, api.send("POST", "testkit/journal/rival/stop?release=false", null)); // dead, lease held
            assertThat(client.changesFrames(key(card))).isEmpty();

            api.expect(204, api.send("POST", "testkit/journal/primary/start", null)); // the restart

            assertThat(client.awaitChange(key(card)).getString("op")).isEqualTo("insert");
        }
    }

    @Test
    void writerWhoseClockRunsBehindIsNumberedAfterTheTransactionItFollowed() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        long card = api.newCard(board, "version 1").getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            await().atMost(TAKEOVER).until(() -> numbered(card));
            api.expect(204, api.send("POST", "testkit/journal/primary/stop?release=true", null));

            api.expect(200, api.updateCard(card, 1, "version 2", "doing", 0));
            api.expect(200, api.updateCard(card, 2, "version 3", "done", 0));
            // The second update's server has a clock an hour behind the first one's.
            assertThat(api.expect(200, api.send("POST", "testkit/journal/capture-earlier?entity=Card&key=" + card
                    + "&version=3&millis=" + Duration.ofHours(1).toMillis(), null)).body()).isEqualTo("1");
            api.expect(204, api.send("POST", "testkit/journal/primary/start", null)); // numbers both in one pass

            client.awaitChange(key(card).and(c -> c.getJsonNumber("version").longValue() == 3));
            assertThat(client.changes("s1").stream().filter(key(card).and(op("update"))))
                    .extracting(c -> c.getJsonNumber("version").longValue()).containsExactly(2L, 3L);
            List<JsonObject> journaled = api.journal(0).stream().filter(key(card).and(op("update"))).toList();
            assertThat(journaled).extracting(e -> e.getJsonNumber("version").longValue()).containsExactly(2L, 3L);
        }
    }

    @Test
    void serverThatMissesAMessageFillsTheGapFromTheJournalBeforeDeliveringTheNext() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            api.expect(204, api.send("POST", "testkit/journal/primary/stop?release=true", null));
            api.expect(204, api.send("POST", "testkit/journal/rival/start?fault=DROP_FIRST", null));

            JsonObject lost = api.newCard(board, "its message is lost");
            await().atMost(TAKEOVER).until(() -> failedPublications() > 0);
            JsonObject next = api.newCard(board, "its message arrives");

            client.awaitChange(key(next));
            List<JsonObject> changes = client.changes("s1");
            assertThat(changes).extracting(c -> c.getString("key"))
                    .containsSubsequence(lost.getJsonNumber("id").toString(), next.getJsonNumber("id").toString());
            assertThat(changes).extracting(c -> c.getJsonNumber("offset").longValue()).isSorted().doesNotHaveDuplicates();
        }
    }

    private String leaseOwner() {
        return api.expect(200, api.send("GET", "testkit/journal/lease-owner", null)).body();
    }

    private boolean numbered(long card) {
        return Boolean.parseBoolean(api.expect(200, api.send("GET", "testkit/journal/numbered?entity=Card&key=" + card, null)).body());
    }

    private int failedPublications() {
        return Integer.parseInt(api.expect(200, api.send("GET", "testkit/journal/rival/failed-publications", null)).body());
    }

}
