package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operators' meters at {@code /syncline/metrics}, scraped as Prometheus does, move by exactly
 * what real clients did: REST writes, a subscriber, a resume with {@code since}, a reset, a reader
 * that stopped reading. Each application serves its own: the demo at {@code /syncline/metrics},
 * the sample application (deployed beside it) at {@code /notes/syncline/metrics}.
 */
@ExtendWith(ArquillianExtension.class)
class MetricsIT {

    private static final Duration LONG = Duration.ofSeconds(120);
    private static final String CAPTURED = "syncline_changes_captured_total{by=\"listener\"}";
    private static final String CAPTURED_BY_TRIGGER = "syncline_changes_captured_total{by=\"trigger\"}";
    private static final String SEQUENCED = "syncline_changes_sequenced_total";
    private static final String PUBLISHED = "syncline_changes_published_total";
    private static final String DELIVERED = "syncline_changes_delivered_total";
    private static final String RESUMES = "syncline_resumes_total";
    private static final String RESETS_UNKNOWN = "syncline_resets_total{reason=\"offset-unknown\"}";
    private static final String RESETS_EXPIRED = "syncline_resets_total{reason=\"offset-expired\"}";
    private static final String SLOW_CLOSES = "syncline_slow_consumer_closes_total";
    private static final String LATENCIES = "syncline_commit_to_send_seconds_count";

    private final Api api = new Api();
    private final Metrics demo = new Metrics("");
    private final Metrics notes = new Metrics("notes/");

    @Deployment(name = "demo", testable = false, order = 1)
    static EnterpriseArchive demo() {
        return Deployments.synclineWithTestkit();
    }

    @Deployment(name = "notes", testable = false, order = 2)
    static WebArchive notes() {
        return SampleDeployment.notes();
    }

    @Test
    void endpointServesPrometheusTextWithoutCredentials() {
        HttpResponse<String> response = demo.get();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("# TYPE syncline_changes_delivered_total counter",
                "# TYPE syncline_commit_to_send_seconds histogram", "syncline_commit_to_send_seconds_bucket{le=\"0.005\"}",
                "# TYPE syncline_sessions gauge", "# TYPE syncline_journal_lag_changes gauge");
    }

    @Test
    void countersMoveByExactlyTheWritesSubscriptionsAndResumesThatHappened() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        Metrics.Sample before = settled(demo);
        int writes = 5;

        try (SyncClient subscriber = SyncClient.connect("alice")) {
            subscribe(subscriber, "s", board, null);
            Metrics.Sample subscribed = demo.scrape();
            assertThat(subscribed.get("syncline_sessions")).isEqualTo(1);
            assertThat(subscribed.get("syncline_subscriptions")).isEqualTo(1);

            for (int i = 0; i < writes; i++) {
                api.newCard(board, "card " + i);
            }
            await().atMost(LONG).until(() -> subscriber.changes("s").size() == writes);
            await().atMost(LONG).until(() -> demo.scrape().since(before, PUBLISHED) == writes);

            Metrics.Sample after = demo.scrape();
            assertThat(after.since(before, CAPTURED)).as("captured").isEqualTo(writes);
            assertThat(after.since(before, CAPTURED_BY_TRIGGER)).as("captured by triggers").isZero();
            assertThat(after.since(before, SEQUENCED)).as("sequenced").isEqualTo(writes);
            assertThat(after.since(before, PUBLISHED)).as("published").isEqualTo(writes);
            assertThat(after.since(before, DELIVERED)).as("delivered to the one subscription").isEqualTo(writes);
            assertThat(after.get("syncline_journal_lag_changes")).as("journal lag").isZero();
            assertThat(after.since(before, RESUMES)).isZero();
            assertThat(after.since(before, LATENCIES)).as("commit-to-send latencies: one per transaction sent live").isEqualTo(writes);
            assertThat(after.get("syncline_commit_to_send_seconds_sum") - before.get("syncline_commit_to_send_seconds_sum"))
                    .as("their sum, in seconds").isPositive().isLessThan(writes * 60.0);

            // A second connection resumes after the third card: it is sent the last two.
            List<Long> offsets = subscriber.offsets("s");
            try (SyncClient resumed = SyncClient.connect("alice")) {
                subscribe(resumed, "r", board, offsets.get(2));
                await().atMost(LONG).until(() -> resumed.changes("r").size() == 2);
                // Newer than anything published: reset, and no subscription.
                resumed.send("{\"op\":\"subscribe\",\"id\":\"x\",\"entity\":\"Card\",\"since\":" + (offsets.get(4) + 1_000_000) + "}");
                resumed.awaitFrame(f -> "reset".equals(f.getString("type")) && "x".equals(f.getString("id")));

                Metrics.Sample resumes = demo.scrape();
                assertThat(resumes.since(after, RESUMES)).as("resumes").isEqualTo(2);
                assertThat(resumes.since(after, RESETS_UNKNOWN)).as("resets offset-unknown").isEqualTo(1);
                assertThat(resumes.since(after, RESETS_EXPIRED)).as("resets offset-expired").isZero();
                assertThat(resumes.since(after, DELIVERED)).as("delivered by the resume").isEqualTo(2);
                assertThat(resumes.get("syncline_sessions")).isEqualTo(2);
                assertThat(resumes.get("syncline_subscriptions")).isEqualTo(2);
                assertThat(resumes.since(after, SLOW_CLOSES)).isZero();
                assertThat(resumes.since(after, LATENCIES)).as("a replay's latency is not recorded").isZero();
            }
        }
        await().atMost(LONG).until(() -> demo.scrape().get("syncline_sessions") == 0);
        assertThat(demo.scrape().get("syncline_subscriptions")).isZero();
    }

    @Test
    @DisabledIfSystemProperty(named = "syncline.server", matches = "payara", disabledReason = OnPayara.STALLED_READER_NOT_DROPPED)
    void readerThatStopsReadingShowsInTheQueueGaugesAndIsClosedAsTooSlowOnce() throws InterruptedException {
        long board = api.newBoard().getJsonNumber("id").longValue();
        api.expect(204, api.send("PUT", "api/boards/" + board + "/members/carol", null));
        Metrics.Sample before = settled(demo);
        AtomicLong deepest = new AtomicLong();
        AtomicLong backlogged = new AtomicLong();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        try (StallingClient reader = StallingClient.connect("carol")) {
            reader.send("{\"op\":\"subscribe\",\"id\":\"a\",\"entity\":\"Card\",\"filter\":{\"boardId\":{\"eq\":" + board + "}}}");
            reader.awaitFrame(f -> "subscribed".equals(f.getString("type")));
            reader.pause();
            watcher.scheduleWithFixedDelay(() -> {
                Metrics.Sample sample = demo.scrape();
                deepest.accumulateAndGet((long) sample.get("syncline_send_queue_deepest_frames"), Math::max);
                backlogged.accumulateAndGet((long) sample.get("syncline_send_queue_backlogged_sessions"), Math::max);
            }, 0, 200, TimeUnit.MILLISECONDS);
            // More than the connection's buffers hold (8 transactions of 1,500 cards, about 7 MB):
            // a send cannot complete while the reader does not read, and past the send timeout
            // (10 s on the test server) the session is dropped.
            api.expect(200, api.send("POST", "testkit/delivery/cards?board=" + board + "&txs=8&size=1500&titleLength=480", null));

            await().atMost(LONG).until(() -> demo.scrape().since(before, SLOW_CLOSES) == 1);
            reader.resume();
            assertThat(reader.awaitClosed(LONG)).startsWith("4008");
        } finally {
            watcher.shutdownNow();
            watcher.awaitTermination(10, TimeUnit.SECONDS);
        }
        Metrics.Sample after = demo.scrape();
        assertThat(after.since(before, SLOW_CLOSES)).isEqualTo(1);
        assertThat(deepest.get()).as("the deepest send queue while the reader did not read").isPositive();
        assertThat(backlogged.get()).as("sessions with a queue more than half full, while it did not read").isEqualTo(1);
        assertThat(after.get("syncline_send_queue_frames")).as("frames queued once the session is gone").isZero();
        assertThat(after.since(before, DELIVERED)).as("whole transactions were sent to the reader before it was dropped")
                .isPositive().isLessThanOrEqualTo(8 * 1_500).matches(changes -> changes % 1_500 == 0);
    }

    @Test
    void sampleApplicationServesItsOwnMeters() {
        Metrics.Sample demoBefore = settled(demo);
        Metrics.Sample before = settled(notes);
        String topic = "topic-" + UUID.randomUUID();
        NotesApi alice = new NotesApi("alice");
        try (SyncClient client = SyncClient.connect(NotesApi.webSocketUri(), NotesApi.basic("alice"))) {
            client.send("{\"op\":\"subscribe\",\"id\":\"n\",\"entity\":\"Note\",\"filter\":{\"topic\":{\"eq\":\"" + topic + "\"}}}");
            client.awaitFrame(f -> "subscribed".equals(f.getString("type")));
            assertThat(notes.scrape().get("syncline_sessions")).isEqualTo(1);

            alice.createAll(topic, "one", "two", "three");
            await().atMost(LONG).until(() -> client.changes("n").size() == 3);
            await().atMost(LONG).until(() -> notes.scrape().since(before, PUBLISHED) == 3);
        }
        Metrics.Sample after = notes.scrape();
        assertThat(after.since(before, CAPTURED)).isEqualTo(3);
        assertThat(after.since(before, SEQUENCED)).isEqualTo(3);
        assertThat(after.since(before, DELIVERED)).isEqualTo(3);
        assertThat(after.since(before, LATENCIES)).as("one transaction, one frame").isEqualTo(1);
        Metrics.Sample demoAfter = demo.scrape();
        assertThat(demoAfter.since(demoBefore, CAPTURED)).as("the demo's meters").isZero();
        assertThat(demoAfter.since(demoBefore, DELIVERED)).as("the demo's meters").isZero();
    }

    /**
     * A scrape once no session is open and everything journaled so far has been numbered (the
     * demo's test kit says so) and published.
     */
    private Metrics.Sample settled(Metrics metrics) {
        api.awaitAllNumbered(LONG);
        await().atMost(LONG).until(() -> {
            Metrics.Sample sample = metrics.scrape();
            return sample.get("syncline_sessions") == 0 && sample.get(SEQUENCED) == sample.get(PUBLISHED)
                    && sample.get("syncline_journal_lag_changes") == 0;
        });
        return metrics.scrape();
    }

    private static void subscribe(SyncClient client, String id, long board, Long since) {
        client.send("{\"op\":\"subscribe\",\"id\":\"" + id + "\",\"entity\":\"Card\",\"filter\":{\"boardId\":{\"eq\":" + board + "}}"
                + (since == null ? "" : ",\"since\":" + since) + "}");
        JsonObject subscribed = client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && id.equals(f.getString("id")));
        assertThat(subscribed.getJsonNumber("offset").longValue()).isNotNegative();
    }
}
