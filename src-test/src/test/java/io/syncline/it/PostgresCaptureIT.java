package io.syncline.it;

import static io.syncline.it.Changes.key;
import static io.syncline.it.Changes.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writes that bypass JPA — plain SQL from another program, JPQL bulk statements — reach clients
 * exactly like JPA writes, through the capture triggers on PostgreSQL; and a JPA write is
 * journaled once, not by the listener and again by the trigger.
 */
@PostgresOnly
@ExtendWith(ArquillianExtension.class)
class PostgresCaptureIT {

    private static final Duration LONG = Duration.ofSeconds(120);

    private final Api api = new Api();
    private final ExecutorService writers = Executors.newFixedThreadPool(4);

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
    void sqlInsertUpdateAndDeleteArriveInTheShapeOfJpaChanges() throws SQLException {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card"); Connection sql = connect()) {
            long id = nextCardId(sql);
            execute(sql, "insert into sl_card (id, board_id, title, status, position, version) values (" + id + ", " + board + ", 'from psql', 'todo', 4, 1)");
            JsonObject insert = client.awaitChange(key(id).and(op("insert")));
            assertThat(insert.getJsonObject("data")).isEqualTo(api.card(id));
            assertThat(insert.getJsonNumber("version").longValue()).isEqualTo(1);

            execute(sql, "update sl_card set title = 'edited in psql', status = 'done', version = version + 1 where id = " + id);
            JsonObject update = client.awaitChange(key(id).and(op("update")));
            assertThat(update.getJsonObject("data")).isEqualTo(api.card(id));
            assertThat(update.getJsonObject("data").getString("title")).isEqualTo("edited in psql");
            assertThat(update.getJsonNumber("version").longValue()).isEqualTo(2);

            execute(sql, "delete from sl_card where id = " + id);
            JsonObject delete = client.awaitChange(key(id).and(op("delete")));
            assertThat(delete.getString("entity")).isEqualTo("Card");
            assertThat(delete.getJsonNumber("version").longValue()).isEqualTo(2);
            assertThat(delete.containsKey("data")).isFalse();
        }
    }

    @Test
    void jpaWriteIsJournaledOnceNotByListenerAndTriggerBoth() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            long from = client.awaitFrame(f -> "subscribed".equals(f.getString("type"))).getJsonNumber("offset").longValue();
            JsonObject card = api.newCard(board, "through JPA");
            long id = card.getJsonNumber("id").longValue();
            api.expect(200, api.updateCard(id, 1, "through JPA, edited", "doing", 0));
            client.awaitChange(key(id).and(op("update")));

            List<JsonObject> journaled = api.journal(from).stream().filter(key(id)).toList();
            assertThat(journaled).extracting(e -> e.getString("op")).containsExactly("insert", "update");
            assertThat(client.changes("s1").stream().filter(key(id)).toList()).hasSize(2);
        }
    }

    @Test
    void oneUpdateOfTenThousandRowsArrivesWholeAsOneTransactionWithConsecutiveOffsets() throws SQLException {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (Connection sql = connect(); SyncClient client = SyncClient.subscribedTo("Card")) {
            long firstId = reserveCardIds(sql, 10_000);
            execute(sql, "insert into sl_card (id, board_id, title, status, position, version)"
                    + " select " + firstId + " + n, " + board + ", 'bulk ' || n, 'todo', n, 1 from generate_series(0, 9999) n");
            await().atMost(LONG).until(() -> client.changes("s1").stream().filter(op("insert")).count() >= 10_000);

            execute(sql, "update sl_card set status = 'doing', version = version + 1 where board_id = " + board);

            await().atMost(LONG).until(() -> client.changes("s1").stream().filter(op("update")).count() >= 10_000);
            List<JsonObject> frames = client.frames().stream()
                    .filter(f -> "changes".equals(f.getString("type")) && "s1".equals(f.getString("id")))
                    .filter(f -> f.getJsonArray("changes").getValuesAs(JsonObject.class).stream().anyMatch(op("update")))
                    .toList();
            assertThat(frames).extracting(f -> f.getString("tx")).containsOnly(frames.get(0).getString("tx"));
            assertThat(frames.subList(0, frames.size() - 1)).allMatch(f -> f.getBoolean("more", false));
            assertThat(frames.get(frames.size() - 1).getBoolean("more", false)).isFalse();
            List<JsonObject> updates = frames.stream()
                    .flatMap(f -> f.getJsonArray("changes").getValuesAs(JsonObject.class).stream()).toList();
            assertThat(updates).hasSize(10_000).allMatch(op("update"))
                    .allMatch(c -> "doing".equals(c.getJsonObject("data").getString("status")));
            long first = updates.get(0).getJsonNumber("offset").longValue();
            for (int i = 1; i < updates.size(); i++) {
                assertThat(updates.get(i).getJsonNumber("offset").longValue()).isEqualTo(first + i);
            }
        }
    }

    @Test
    void jpqlBulkDeleteIsCaptured() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.newCard(board, "doomed " + i).getJsonNumber("id").longValue());
        }
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            assertThat(api.expect(200, api.testkit("POST", "bulk-delete", "board", Long.toString(board))).body()).isEqualTo("5");

            await().atMost(SyncClient.TIMEOUT).until(() -> client.changes("s1").stream().filter(op("delete")).count() >= 5);
            // (An insert committed before the subscription may still arrive after it: only deletes count here.)
            assertThat(client.changes("s1").stream().filter(op("delete")).toList())
                    .extracting(c -> Long.parseLong(c.getString("key"))).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void concurrentJpaAndSqlWritesAreEachJournaledExactlyOnce() throws Exception {
        long board = api.newBoard().getJsonNumber("id").longValue();
        long from = api.journal(0).stream().mapToLong(e -> e.getJsonNumber("offset").longValue()).max().orElse(0);
        List<Future<?>> done = new ArrayList<>();
        for (int writer = 0; writer < 2; writer++) {
            done.add(writers.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    long id = api.newCard(board, "jpa " + i).getJsonNumber("id").longValue();
                    api.expect(200, api.updateCard(id, 1, "jpa edited " + i, "doing", i));
                }
                return null;
            }));
            done.add(writers.submit(() -> {
                try (Connection sql = connect()) {
                    for (int i = 0; i < 100; i++) {
                        long id = nextCardId(sql);
                        execute(sql, "insert into sl_card (id, board_id, title, status, position, version) values ("
                                + id + ", " + board + ", 'sql " + i + "', 'todo', " + i + ", 1)");
                        execute(sql, "update sl_card set title = 'sql edited', version = 2 where id = " + id);
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : done) {
            writer.get(5, TimeUnit.MINUTES);
        }

        api.awaitAllNumbered(LONG);
        Map<String, Long> perChange = api.journal(from).stream()
                .collect(Collectors.groupingBy(e -> e.getString("key") + " " + e.getString("op") + " " + e.getJsonNumber("version"),
                        HashMap::new, Collectors.counting()));
        assertThat(perChange.values()).containsOnly(1L);
        assertThat(perChange.keySet().stream().filter(k -> k.endsWith(" insert 1")).count()).isGreaterThanOrEqualTo(400);
        assertThat(perChange.keySet().stream().filter(k -> k.endsWith(" update 2")).count()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void triggersReplacedWhileWritesGoOnMissNoWriteAndJournalNoneTwice() throws Exception {
        long board = api.newBoard().getJsonNumber("id").longValue();
        long from = lastOffset();
        AtomicBoolean writing = new AtomicBoolean(true);
        Queue<String> written = new ConcurrentLinkedQueue<>();
        Future<?> sqlWriter = writers.submit(() -> {
            try (Connection sql = connect()) {
                while (writing.get()) {
                    long id = nextCardId(sql);
                    execute(sql, "insert into sl_card (id, board_id, title, status, position, version) values ("
                            + id + ", " + board + ", 'sql', 'todo', 0, 1)");
                    written.add(id + " insert 1");
                    execute(sql, "update sl_card set title = 'sql edited', version = 2 where id = " + id);
                    written.add(id + " update 2");
                }
            }
            return null;
        });
        Future<?> jpaWriter = writers.submit(() -> {
            while (writing.get()) {
                long id = api.newCard(board, "jpa").getJsonNumber("id").longValue();
                written.add(id + " insert 1");
                api.expect(200, api.updateCard(id, 1, "jpa edited", "doing", 0));
                written.add(id + " update 2");
            }
            return null;
        });
        await().atMost(LONG).until(() -> written.size() >= 20);

        int before = written.size();
        api.expect(204, api.send("POST", "testkit/journal/install-capture?triggers=true&times=30", null));
        int during = written.size() - before;
        writing.set(false);
        sqlWriter.get(1, TimeUnit.MINUTES);
        jpaWriter.get(1, TimeUnit.MINUTES);

        assertThat(during).as("writes while the triggers were replaced").isPositive();
        api.awaitAllNumbered(LONG);
        Map<String, Long> journaled = api.journal(from).stream()
                .collect(Collectors.groupingBy(e -> e.getString("key") + " " + e.getString("op") + " " + e.getJsonNumber("version"),
                        HashMap::new, Collectors.counting()));
        assertThat(written).as("writes missing from the journal").filteredOn(change -> !journaled.containsKey(change)).isEmpty();
        assertThat(journaled).as("changes journaled more than once").allSatisfy((change, times) -> assertThat(times).isOne());
        assertThat(journaled).hasSameSizeAs(written);
    }

    @Test
    void serverStartedWithoutCaptureWhileTheTriggersRemainJournalsAJpaWriteOnce() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try {
            api.expect(204, api.send("POST", "testkit/journal/install-capture?triggers=false", null));
            long from = lastOffset();
            long id = api.newCard(board, "through JPA, trigger still there").getJsonNumber("id").longValue();

            api.awaitAllNumbered(LONG);
            assertThat(api.journal(from).stream().filter(key(id)).toList()).extracting(e -> e.getString("op"))
                    .containsExactly("insert");
        } finally {
            api.expect(204, api.send("POST", "testkit/journal/install-capture?triggers=true", null));
        }
    }

    private long lastOffset() {
        api.awaitAllNumbered(LONG);
        return api.journal(0).stream().mapToLong(e -> e.getJsonNumber("offset").longValue()).max().orElse(0);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("syncline.db.url"), "postgres", "postgres");
    }

    private static long nextCardId(Connection sql) throws SQLException {
        // Beyond EclipseLink's preallocated ranges: it takes [n-49, n] from each nextval.
        try (Statement statement = sql.createStatement(); ResultSet next = statement.executeQuery("select nextval('sl_card_seq')")) {
            next.next();
            return next.getLong(1);
        }
    }

    /**
     * Reserves ids for rows written with SQL: EclipseLink takes [v-49, v] from each nextval v of the
     * card sequence (INCREMENT BY 50), so moving the sequence past a block keeps it for us.
     */
    private static long reserveCardIds(Connection sql, int count) throws SQLException {
        long first = nextCardId(sql) + 1;
        try (Statement statement = sql.createStatement()) {
            statement.execute("select setval('sl_card_seq', " + (first + count + 50) + ")");
        }
        return first;
    }

    private static void execute(Connection sql, String statement) throws SQLException {
        try (PreparedStatement prepared = sql.prepareStatement(statement)) {
            prepared.executeUpdate();
        }
    }


}
