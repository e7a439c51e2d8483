package io.syncline.it;

import static io.syncline.it.Changes.key;
import static io.syncline.it.Changes.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Committed changes reach a subscribed WebSocket client through the whole pipeline: entity
 * listener, transaction change set, JMS topic, message-driven bean, WebSocket endpoint.
 */
@ExtendWith(ArquillianExtension.class)
class ChangeDeliveryIT {

    private final Api api = new Api();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void insertOverRestArrivesWithOpKeyVersionAndData() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            JsonObject card = api.newCard(board, "write the walking skeleton");

            JsonObject change = client.awaitChange(key(card));

            assertThat(change.getString("op")).isEqualTo("insert");
            assertThat(change.getString("entity")).isEqualTo("Card");
            assertThat(change.getJsonNumber("version").longValue()).isEqualTo(1);
            assertThat(change.getJsonNumber("offset").longValue()).isPositive();
            assertThat(change.getJsonObject("data")).isEqualTo(card);
        }
    }

    @Test
    void updateOverRestArrivesWithNewVersionAndData() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        JsonObject card = api.newCard(board, "draft");
        long id = card.getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            JsonObject updated = api.expect(200, api.updateCard(id, 1, "final", "doing", 3)).json();

            JsonObject change = client.awaitChange(key(card).and(op("update")));

            assertThat(change.getJsonNumber("version").longValue()).isEqualTo(2);
            assertThat(change.getJsonObject("data")).isEqualTo(updated).isEqualTo(api.card(id));
            assertThat(change.getJsonObject("data").getString("status")).isEqualTo("doing");
        }
    }

    @Test
    void deleteOverRestArrivesWithKeyAndVersion() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        JsonObject card = api.newCard(board, "short-lived");
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            api.expect(204, api.deleteCard(card.getJsonNumber("id").longValue(), 1));

            JsonObject change = client.awaitChange(key(card).and(op("delete")));

            assertThat(change.getString("entity")).isEqualTo("Card");
            assertThat(change.getJsonNumber("version").longValue()).isEqualTo(1);
            assertThat(change.containsKey("data")).isFalse();
        }
    }

    @Test
    void clientThatOnlyListensStaysConnectedPastTheServersReadTimeout() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            // The test server closes WebSocket connections that read nothing for 5 s (arquillian.xml);
            // this client sends nothing after subscribing: the heartbeat pings keep it connected.
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10)).until(() -> !client.isClosed());
            JsonObject card = api.newCard(board, "after a long silence");
            client.awaitChange(key(card));
        }
    }

    @Test
    void rolledBackTransactionEmitsNothing() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            api.expect(204, api.testkit("POST", "insert-then-roll-back", "board", Long.toString(board), "title", "rolled back"));
            // A later commit on the same board: once it arrived, the rolled-back insert would have too.
            JsonObject marker = api.newCard(board, "committed after the rollback");

            client.awaitChange(key(marker));

            assertThat(client.changesFrames(onBoard(board)))
                    .flatMap(frame -> frame.getJsonArray("changes").getValuesAs(JsonObject.class))
                    .extracting(change -> change.getJsonObject("data").getString("title"))
                    .containsExactly("committed after the rollback");
        }
        assertThat(api.expect(200, api.send("GET", "api/boards/" + board + "/cards", null)).body())
                .doesNotContain("rolled back");
    }

    @Test
    void threeCardsInOneTransactionArriveInOneFrame() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            api.expect(200, api.testkit("POST", "insert-all", "board", Long.toString(board),
                    "title", "one", "title", "two", "title", "three"));

            client.awaitChange(onBoard(board));
            // Committed after the three: once its insert arrived, any frame of theirs had too.
            JsonObject marker = api.newCard(board, "marker");
            client.awaitChange(key(marker));

            List<JsonObject> frames = client.changesFrames(onBoard(board).and(key(marker).negate()));
            assertThat(frames).hasSize(1);
            List<JsonObject> changes = frames.get(0).getJsonArray("changes").getValuesAs(JsonObject.class);
            assertThat(changes).extracting(c -> c.getString("op")).containsExactly("insert", "insert", "insert");
            // One frame, one tx, consecutive offsets; the order of rows within the transaction is the provider's flush order.
            assertThat(changes).extracting(c -> c.getJsonObject("data").getString("title")).containsExactlyInAnyOrder("one", "two", "three");
            long first = changes.get(0).getJsonNumber("offset").longValue();
            assertThat(changes).extracting(c -> c.getJsonNumber("offset").longValue())
                    .containsExactly(first, first + 1, first + 2);
            assertThat(frames.get(0).getString("tx")).isNotBlank();
        }
    }

    @Test
    void transactionOfMoreThanAThousandChangesArrivesInFramesOfAThousandAllButTheLastMarkedMore() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            api.expect(200, api.send("POST", "testkit/delivery/cards?board=" + board + "&txs=1&size=2500", null));

            await().atMost(Duration.ofSeconds(60)).until(() -> client.changes("s1").stream().filter(onBoard(board)).count() >= 2500);

            List<JsonObject> frames = client.changesFrames(onBoard(board));
            assertThat(frames).hasSize(3);
            assertThat(frames).extracting(f -> f.getJsonArray("changes").size()).containsExactly(1000, 1000, 500);
            assertThat(frames).extracting(f -> f.getBoolean("more", false)).containsExactly(true, true, false);
            assertThat(frames).extracting(f -> f.getString("tx")).containsOnly(frames.get(0).getString("tx"));
            List<Long> offsets = frames.stream().flatMap(f -> f.getJsonArray("changes").getValuesAs(JsonObject.class).stream())
                    .map(c -> c.getJsonNumber("offset").longValue()).toList();
            for (int i = 1; i < offsets.size(); i++) {
                assertThat(offsets.get(i)).isEqualTo(offsets.get(0) + i);
            }
        }
    }

    @Test
    void changeMadeThroughEntityManagerInEjbTimerIsCaptured() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        String title = "from a timer " + UUID.randomUUID();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            api.expect(204, api.testkit("POST", "insert-from-timer", "board", Long.toString(board), "title", title));

            JsonObject change = client.awaitChange(onBoard(board));

            assertThat(change.getString("op")).isEqualTo("insert");
            assertThat(change.getJsonObject("data").getString("title")).isEqualTo(title);
        }
    }

    @Test
    void updateFlushedOnlyAtCommitIsCaptured() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        JsonObject card = api.newCard(board, "before commit");
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            api.expect(204, api.testkit("POST", "retitle-flushed-at-commit",
                    "card", card.getJsonNumber("id").toString(), "title", "flushed at commit"));

            JsonObject change = client.awaitChange(key(card).and(op("update")));

            assertThat(change.getJsonNumber("version").longValue()).isEqualTo(2);
            assertThat(change.getJsonObject("data").getString("title")).isEqualTo("flushed at commit");
        }
    }



    private static Predicate<JsonObject> onBoard(long board) {
        return change -> change.containsKey("data")
                && change.getJsonObject("data").getJsonNumber("boardId").longValue() == board;
    }
}
