package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The change journal's guarantees as a client sees them: offsets in commit order without gap or
 * duplicate, resume without loss, snapshot then stream without gap, reset when too old.
 */
@ExtendWith(ArquillianExtension.class)
class JournalIT {

    private static final Duration LONG = Duration.ofSeconds(90);

    private final Api api = new Api();
    private final ExecutorService writers = Executors.newFixedThreadPool(8);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @AfterEach
    void stopWriters() throws InterruptedException {
        writers.shutdownNow();
        writers.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void concurrentWritersCommittingOutOfOrderReachEverySubscriberInOffsetOrderExactlyAsJournaled() throws Exception {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient first = SyncClient.subscribedTo("Card"); SyncClient second = SyncClient.subscribedTo("Card")) {
            long from = Math.min(watermark(first), watermark(second));
            // One transaction takes its journal row first and commits last.
            List<Long> outOfOrder = ids(api.expect(200, api.testkit("POST", "commit-out-of-order", "board", Long.toString(board))));

            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                done.add(writers.submit(() -> {
                    for (int tx = 0; tx < 200; tx++) {
                        int size = ThreadLocalRandom.current().nextInt(1, 4);
                        String[] query = new String[2 + 2 * size];
                        query[0] = "board";
                        query[1] = Long.toString(board);
                        for (int i = 0; i < size; i++) {
                            query[2 + 2 * i] = "title";
                            query[3 + 2 * i] = "race " + tx + "." + i;
                        }
                        api.expect(200, api.testkit("POST", "insert-all", query));
                    }
                }));
            }
            for (Future<?> writer : done) {
                writer.get(5, TimeUnit.MINUTES);
            }

            List<JsonObject> journal = awaitJournalComplete(from);
            for (SyncClient client : List.of(first, second)) {
                long watermark = watermark(client);
                List<Long> expected = journal.stream().map(e -> e.getJsonNumber("offset").longValue())
                        .filter(offset -> offset > watermark).toList();
                await().atMost(LONG).until(() -> client.lastOffset("s1") >= expected.get(expected.size() - 1));
                assertThat(client.offsets("s1")).isEqualTo(expected); // strictly increasing, none missing, none twice
            }
            assertThat(journal).hasSizeGreaterThanOrEqualTo(8 * 200 + 2);
            long firstIn = offsetOf(journal, outOfOrder.get(0));
            long secondIn = offsetOf(journal, outOfOrder.get(1));
            assertThat(secondIn).as("the transaction that committed first is numbered first").isLessThan(firstIn);
        }
    }

    @Test
    void clientThatResumesWithSinceAfterDisconnectingMissesNothingAndGetsNothingTwice() throws Exception {
        long board = api.newBoard().getJsonNumber("id").longValue();
        AtomicBoolean writing = new AtomicBoolean(true);
        SyncClient before = SyncClient.subscribedTo("Card");
        long from = watermark(before);
        Future<?> writer = writers.submit(() -> {
            for (int i = 0; i < 300; i++) {
                api.newCard(board, "stream " + i);
            }
            writing.set(false);
        });

        await().atMost(LONG).until(() -> before.offsets("s1").size() >= 50);
        before.close();
        // What the client processed: frames may still arrive until the server answers the close.
        List<Long> receivedBefore = before.offsets("s1");
        long resumeFrom = receivedBefore.get(receivedBefore.size() - 1);
        assertThat(writing).as("writes go on while the client is away").isTrue();

        try (SyncClient after = SyncClient.connect()) {
            after.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"entity\":\"Card\",\"since\":" + resumeFrom + "}");
            writer.get(5, TimeUnit.MINUTES);
            List<JsonObject> journal = awaitJournalComplete(from);
            long last = journal.get(journal.size() - 1).getJsonNumber("offset").longValue();
            await().atMost(LONG).until(() -> after.lastOffset("s1") >= last);

            List<Long> received = new ArrayList<>(receivedBefore);
            received.addAll(after.offsets("s1"));
            assertThat(received).isEqualTo(journal.stream().map(e -> e.getJsonNumber("offset").longValue()).toList());
            assertThat(after.frames()).anyMatch(f -> "subscribed".equals(f.getString("type"))
                    && f.getJsonNumber("offset").longValue() == resumeFrom);
        }
    }

    @Test
    void snapshotOfSeveralPagesUnderConcurrentWritesPlusTheFollowingChangesRebuildTheBoard() throws Exception {
        long board = api.newBoard().getJsonNumber("id").longValue();
        // 1,200 cards: three pages of 500 (the snapshot's page size).
        List<Long> seeded = ids(api.expect(200, api.send("POST", "testkit/delivery/cards?board=" + board + "&txs=1&size=1200", null)));
        AtomicBoolean snapshotDone = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                // Writes go on from before the subscription until the snapshot's last page has arrived.
                for (int i = writer; !snapshotDone.get() && i < seeded.size(); i += 4) {
                    long id = seeded.get(seeded.size() - 1 - i); // from the last page backwards
                    long version = api.card(id).getJsonNumber("version").longValue();
                    if (i % 3 == 0) {
                        api.expect(204, api.deleteCard(id, version));
                    } else {
                        api.expect(200, api.updateCard(id, version, "moved " + i, "doing", i));
                    }
                    api.newCard(board, "late " + i);
                    written.incrementAndGet();
                }
            }));
        }

        try (SyncClient client = SyncClient.connect()) {
            await().atMost(LONG).until(() -> written.get() > 0); // writes have started
            client.send("{\"op\":\"subscribe\",\"id\":\"snap\",\"entity\":\"Card\",\"snapshot\":true,"
                    + "\"filter\":{\"boardId\":{\"eq\":" + board + "}}}");
            JsonObject subscribed = client.awaitFrame(f -> "subscribed".equals(f.getString("type")));
            client.awaitFrame(f -> "snapshot".equals(f.getString("type")) && f.getBoolean("last"));
            snapshotDone.set(true);
            for (Future<?> writer : done) {
                writer.get(5, TimeUnit.MINUTES);
            }
            List<JsonObject> journal = awaitJournalComplete(subscribed.getJsonNumber("offset").longValue());
            assertThat(journal).as("writes committed after the watermark").isNotEmpty();
            long last = journal.get(journal.size() - 1).getJsonNumber("offset").longValue();
            await().atMost(LONG).until(() -> client.lastOffset("snap") >= last);

            List<JsonObject> pages = client.frames().stream().filter(f -> "snapshot".equals(f.getString("type"))).toList();
            assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
            Map<String, JsonObject> rebuilt = new HashMap<>();
            pages.stream().flatMap(f -> f.getJsonArray("rows").getValuesAs(JsonObject.class).stream())
                    .forEach(row -> rebuilt.put(row.getString("key"), row.getJsonObject("data")));
            for (JsonObject change : client.changes("snap")) {
                String key = change.getString("key");
                JsonObject known = rebuilt.get(key);
                if ("delete".equals(change.getString("op"))) {
                    rebuilt.remove(key);
                } else if (known == null || known.getJsonNumber("version").longValue() < change.getJsonNumber("version").longValue()) {
                    rebuilt.put(key, change.getJsonObject("data")); // a row may be in the snapshot and in the stream: the version tells
                }
            }
            Map<String, JsonObject> table = new HashMap<>();
            api.expect(200, api.send("GET", "testkit/journal/cards?board=" + board, null)).array()
                    .getValuesAs(JsonObject.class)
                    .forEach(card -> table.put(card.getJsonNumber("id").toString(), card));
            assertThat(rebuilt).isEqualTo(table);
        }
    }

    @Test
    void snapshotPagesFollowKeysSoARowDeletedFromAnEarlierPageHidesNoOther() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            cards.add(api.newCard(board, "card " + i).getJsonNumber("id").toString());
        }
        // Pages of 10; the first card is deleted once the first page is read. Paged by position, the
        // 11th card would have moved onto the first page and been skipped.
        List<JsonString> read = api.expect(200, api.send("GET", "testkit/snapshot/cards-while-deleting?board=" + board
                + "&size=10&user=alice", null)).array().getValuesAs(JsonString.class);
        assertThat(read).extracting(JsonString::getString).containsExactlyElementsOf(cards);
        assertThat(api.send("GET", "api/cards/" + cards.get(0), null).status()).isEqualTo(404);
    }

    @Test
    void resumeFromAPurgedOffsetGetsReset() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        api.newCard(board, "soon forgotten");
        try (SyncClient watcher = SyncClient.subscribedTo("Card")) {
            api.newCard(board, "published before the purge");
            watcher.awaitChange(c -> "insert".equals(c.getString("op")) && c.getJsonObject("data").getString("title").equals("published before the purge"));
        }
        long purged = Long.parseLong(api.expect(200, api.send("POST", "testkit/journal/purge-all", null)).body());
        assertThat(purged).isPositive();

        try (SyncClient client = SyncClient.connect()) {
            client.send("{\"op\":\"subscribe\",\"id\":\"old\",\"entity\":\"Card\",\"since\":0}");

            JsonObject reset = client.awaitFrame(f -> "reset".equals(f.getString("type")));
            assertThat(reset.getString("id")).isEqualTo("old");
            assertThat(reset.getString("reason")).isEqualTo("offset-expired");
            assertThat(reset.getJsonNumber("offset").longValue()).isGreaterThanOrEqualTo(purged);
        }
    }

    /** Waits until every journaled change is numbered, and returns the Card changes after {@code after}. */
    private List<JsonObject> awaitJournalComplete(long after) {
        api.awaitAllNumbered(LONG);
        return api.journal(after);
    }

    private static long watermark(SyncClient client) {
        return client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && "s1".equals(f.getString("id")))
                .getJsonNumber("offset").longValue();
    }

    private static long offsetOf(List<JsonObject> journal, long cardId) {
        return journal.stream().filter(e -> e.getString("key").equals(Long.toString(cardId)) && "insert".equals(e.getString("op")))
                .findFirst().orElseThrow().getJsonNumber("offset").longValue();
    }

    private static List<Long> ids(Api.Reply reply) {
        return reply.array().getValuesAs(JsonNumber.class).stream().map(JsonNumber::longValue).toList();
    }
}
