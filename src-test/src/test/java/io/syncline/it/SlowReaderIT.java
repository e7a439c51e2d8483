package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readers that stop reading while the stream goes on. One that stays stalled is dropped, and each
 * of its subscriptions, resumed as the README says, gets every change once and no transaction in
 * part. One that reads again takes the thousands of frames waiting for it, and the server sends
 * them without error.
 */
@ExtendWith(ArquillianExtension.class)
class SlowReaderIT {

    private static final Duration LONG = Duration.ofSeconds(120);

    private final Api api = new Api();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    @DisabledIfSystemProperty(named = "syncline.server", matches = "payara", disabledReason = OnPayara.STALLED_READER_NOT_DROPPED)
    void eachSubscriptionResumedAsTheReadmeSaysGetsEveryChangeOnceAndNoTransactionInPart() {
        Map<String, Long> boards = Map.of("a", api.newBoard().getJsonNumber("id").longValue(),
                "b", api.newBoard().getJsonNumber("id").longValue());
        boards.values().forEach(board -> api.expect(204, api.send("PUT", "api/boards/" + board + "/members/carol", null)));
        Map<String, Replica> replicas = Map.of("a", new Replica("a"), "b", new Replica("b"));
        long watermark;
        try (StallingClient reader = StallingClient.connect("carol")) {
            watermark = subscribe(reader, boards, Map.of());
            reader.pause();

            // More transactions than the send queue holds frames (1,024), on both boards, some
            // larger than a frame (1,000 changes).
            for (int round = 0; round < 3; round++) {
                for (long board : boards.values()) {
                    write(board, 200, 1);
                    write(board, 1, 1_500);
                }
            }
            api.awaitAllNumbered(LONG);
            // A reader that takes nothing for the send timeout (10 s on the test server) is dropped.
            await().atMost(LONG).until(() -> sessionsOf("carol") == 0);

            reader.resume();
            assertThat(reader.awaitClosed(LONG)).startsWith("4008");
            replicas.values().forEach(replica -> replica.apply(reader.frames()).closed());
        }
        assertThat(replicas.values()).as("the connection was dropped in the middle of the stream")
                .anyMatch(replica -> replica.applied().size() < 3 * (200 + 1_500));

        resume("carol", boards, replicas, watermark);
        for (Map.Entry<String, Long> board : boards.entrySet()) {
            assertThat(replicas.get(board.getKey()).applied())
                    .as("subscription %s: every change once, in offset order", board.getKey())
                    .isEqualTo(offsets(board.getValue(), watermark));
        }
    }

    @Test
    void readerThatTakesThousandsOfWaitingFramesAtOnceGetsThemAllAndTheServerLogsNoError() throws Exception {
        ServerLog log = ServerLog.fromNow();
        Map<String, Long> boards = Map.of("a", api.newBoard().getJsonNumber("id").longValue(),
                "b", api.newBoard().getJsonNumber("id").longValue());
        long watermark;
        Map<String, Replica> replicas = Map.of("a", new Replica("a"), "b", new Replica("b"));
        try (StallingClient reader = StallingClient.connect("alice")) {
            watermark = subscribe(reader, boards, Map.of());
            reader.pause();
            // A large frame first, so that the connection's buffers fill; then a frame per transaction.
            for (long board : boards.values()) {
                write(board, 1, 1_200);
            }
            for (long board : boards.values()) {
                write(board, 600, 1);
            }
            api.awaitAllNumbered(LONG);

            reader.resume();
            awaitEverythingOrClose(reader, boards, watermark);
            replicas.values().forEach(replica -> replica.apply(reader.frames()).closed());
            if (reader.isClosed()) { // dropped before it read again: it resumes as the README says
                resume("alice", boards, replicas, watermark);
            }
        }
        for (Map.Entry<String, Long> board : boards.entrySet()) {
            assertThat(replicas.get(board.getKey()).applied()).isEqualTo(offsets(board.getValue(), watermark));
        }
        assertThat(log.recordsSince()).noneMatch(record -> ServerLog.isError(record) || record.contains("StackOverflowError"));
    }

    /**
     * Connects again as {@code user}, resumes each subscription as the README says (after the last
     * offset of the last whole group it applied) and applies what arrives until every board's last
     * change.
     */
    private void resume(String user, Map<String, Long> boards, Map<String, Replica> replicas, long watermark) {
        try (SyncClient resumed = SyncClient.connect(user)) {
            Map<String, Long> since = Map.of("a", replicas.get("a").resumeOffset(), "b", replicas.get("b").resumeOffset());
            subscribe(resumed, boards, since);
            awaitEverything(resumed, boards, watermark, since);
            replicas.values().forEach(replica -> replica.apply(resumed.frames()));
        }
    }

    /** Subscribes "a" and "b" to their boards' cards, with {@code since} where given; returns the watermark of "b". */
    private static long subscribe(WebSocketClient client, Map<String, Long> boards, Map<String, Long> since) {
        for (Map.Entry<String, Long> board : boards.entrySet()) {
            Long from = since.get(board.getKey());
            client.send("{\"op\":\"subscribe\",\"id\":\"" + board.getKey() + "\",\"entity\":\"Card\",\"filter\":{\"boardId\":{\"eq\":"
                    + board.getValue() + "}}" + (from == null ? "" : ",\"since\":" + from) + "}");
        }
        long watermark = 0;
        for (String id : boards.keySet()) {
            watermark = Math.max(watermark, client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && id.equals(f.getString("id")))
                    .getJsonNumber("offset").longValue());
        }
        return watermark;
    }

    /** Waits until each subscription resumed after {@code since} has applied the last change of its board. */
    private void awaitEverything(WebSocketClient client, Map<String, Long> boards, long watermark, Map<String, Long> since) {
        for (Map.Entry<String, Long> board : boards.entrySet()) {
            List<Long> journal = offsets(board.getValue(), watermark);
            long last = journal.get(journal.size() - 1);
            if (since.get(board.getKey()) >= last) {
                continue; // it had everything before the close
            }
            await().atMost(LONG).alias("subscription " + board.getKey() + " applies offset " + last + "; " + client)
                    .until(() -> new Replica(board.getKey()).apply(client.frames()).applied().contains(last));
        }
    }

    private void awaitEverythingOrClose(WebSocketClient client, Map<String, Long> boards, long watermark) {
        Map<String, Long> last = new java.util.HashMap<>();
        boards.forEach((id, board) -> {
            List<Long> journal = offsets(board, watermark);
            last.put(id, journal.get(journal.size() - 1));
        });
        await().atMost(LONG).alias("every subscription applies its board's last change, or the connection closes; " + client)
                .until(() -> client.isClosed() || last.entrySet().stream().allMatch(
                        e -> new Replica(e.getKey()).apply(client.frames()).applied().contains(e.getValue())));
    }

    private int sessionsOf(String user) {
        return Integer.parseInt(api.expect(200, api.send("GET", "testkit/delivery/sessions?user=" + user, null)).body());
    }

    private void write(long board, int txs, int size) {
        api.expect(200, api.send("POST", "testkit/delivery/cards?board=" + board + "&txs=" + txs + "&size=" + size
                + "&titleLength=480", null));
    }

    /** The offsets of the board's card changes after {@code after}, as the journal holds them. */
    private List<Long> offsets(long board, long after) {
        List<Long> offsets = new ArrayList<>();
        for (JsonObject entry : api.expect(200, api.send("GET", "testkit/delivery/journal?board=" + board + "&after=" + after, null))
                .array().getValuesAs(JsonObject.class)) {
            offsets.add(entry.getJsonNumber("offset").longValue());
        }
        return offsets;
    }
}
