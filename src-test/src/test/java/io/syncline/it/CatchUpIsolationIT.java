package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One user cannot starve others: snapshots and replays that wait for a reader who stopped reading
 * hold no thread and no unbounded memory, and a user cannot open sessions without limit.
 */
@ExtendWith(ArquillianExtension.class)
class CatchUpIsolationIT {

    private static final Duration LONG = Duration.ofSeconds(120);

    private final Api alice = new Api("alice");
    private final Api carol = new Api("carol");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void catchUpsWaitingForAStalledReaderDelayNoOtherUsersSnapshotOrReplay() {
        long carols = carol.newBoard().getJsonNumber("id").longValue();
        carol.expect(200, carol.send("POST", "testkit/delivery/cards?board=" + carols + "&txs=1&size=2000&titleLength=480", null));
        carol.awaitAllNumbered(LONG);
        long since = last(carols);
        carol.expect(200, carol.send("POST", "testkit/delivery/cards?board=" + carols + "&txs=1500&size=10&titleLength=480", null));
        long alicesBoard = alice.newBoard().getJsonNumber("id").longValue();
        JsonObject card = alice.newCard(alicesBoard, "alice's");
        carol.awaitAllNumbered(LONG);
        long heapBefore = heap();

        try (SyncClient stalled = SyncClient.connect("carol")) {
            // Twenty catch-ups (snapshots of 2,000 cards, replays of 1,500 transactions) for one reader...
            for (int i = 0; i < 20; i++) {
                stalled.send("{\"op\":\"subscribe\",\"id\":\"c" + i + "\",\"entity\":\"Card\",\"filter\":{\"boardId\":{\"eq\":" + carols + "}},"
                        + (i % 2 == 0 ? "\"snapshot\":true" : "\"since\":" + since) + "}");
            }
            // ...who stops reading while writes go on.
            stalled.pauseTalking();
            carol.expect(200, carol.send("POST", "testkit/delivery/cards?board=" + carols + "&txs=500&size=1&titleLength=480", null));

            try (SyncClient other = SyncClient.connect("alice")) {
                other.send("{\"op\":\"subscribe\",\"id\":\"snap\",\"entity\":\"Card\",\"snapshot\":true,\"filter\":{\"boardId\":{\"eq\":" + alicesBoard + "}}}");
                other.send("{\"op\":\"subscribe\",\"id\":\"replay\",\"entity\":\"Card\",\"since\":" + (offsetOf(alicesBoard) - 1)
                        + ",\"filter\":{\"boardId\":{\"eq\":" + alicesBoard + "}}}");

                JsonObject snapshot = other.awaitFrame(f -> "snapshot".equals(f.getString("type")) && f.getBoolean("last"));
                assertThat(snapshot.getJsonArray("rows").getValuesAs(JsonObject.class))
                        .extracting(row -> row.getString("key")).containsExactly(card.getJsonNumber("id").toString());
                other.awaitFrame(f -> "changes".equals(f.getString("type")) && "replay".equals(f.getString("id"))
                        && f.toString().contains("\"key\":\"" + card.getJsonNumber("id") + "\""));
            }
            assertThat(heap() - heapBefore).as("heap grown while one reader stalls, in bytes").isLessThan(128L << 20);
        }
    }

    @Test
    void aUserHoldsNoMoreSessionsThanTheLimit() {
        List<SyncClient> sessions = new ArrayList<>();
        try {
            // The server's limit as Syncline read it (the tests do not set it: its default).
            int perUser = Integer.parseInt(alice.expect(200, alice.send("GET", "testkit/delivery/max-sessions-per-user", null)).body());
            for (int i = 0; i < perUser; i++) {
                SyncClient session = SyncClient.connect("carol");
                sessions.add(session);
                session.send("{\"op\":\"ping\",\"id\":\"p\"}");
                session.awaitFrame(f -> "pong".equals(f.getString("type")));
            }
            SyncClient oneTooMany = SyncClient.connect("carol");
            sessions.add(oneTooMany);

            assertThat(oneTooMany.awaitClosed()).startsWith("1008");
            SyncClient first = sessions.get(0);
            first.send("{\"op\":\"ping\",\"id\":\"still\"}");
            first.awaitFrame(f -> "pong".equals(f.getString("type")) && "still".equals(f.getString("id")));
            try (SyncClient someoneElse = SyncClient.connect("alice")) {
                someoneElse.send("{\"op\":\"ping\",\"id\":\"p\"}");
                someoneElse.awaitFrame(f -> "pong".equals(f.getString("type")));
            }
        } finally {
            sessions.forEach(SyncClient::close);
        }
    }

    private long heap() {
        return Long.parseLong(alice.expect(200, alice.send("GET", "testkit/delivery/heap", null)).body());
    }

    private long last(long board) {
        List<JsonObject> journal = journal(board);
        return journal.get(journal.size() - 1).getJsonNumber("offset").longValue();
    }

    private long offsetOf(long board) {
        await().atMost(LONG).until(() -> !journal(board).isEmpty());
        return journal(board).get(0).getJsonNumber("offset").longValue();
    }

    private List<JsonObject> journal(long board) {
        return alice.expect(200, alice.send("GET", "testkit/delivery/journal?board=" + board, null)).array().getValuesAs(JsonObject.class);
    }
}
