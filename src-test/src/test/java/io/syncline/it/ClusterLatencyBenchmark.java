package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncline.testkit.Pacer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Cross-node latency, on the cluster of {@link ClusterIT} (two full-ha nodes, one PostgreSQL
 * database): the test kit's in-server writer on the node that holds the sequencer lease (one card a
 * transaction, paced, open-loop), and subscribers on both nodes, half on each, each watching one
 * board's cards. Commit → frame latency, p50 / p99, of the writer's node's subscribers (the topic's
 * local subscription) beside the other node's (through the brokers' bridge), in the same steps.
 *
 * <p>{@code mvn verify -Pbenchmark -pl src-test -Dit.test=ClusterLatencyBenchmark}, after
 * {@code mvn install -DskipITs}. Settings (defaults in brackets): {@code bench.cluster.rates}
 * (changes/s) [100,250,500], {@code bench.cluster.step-seconds} [20], {@code bench.cluster.warm-up-seconds}
 * (at the first rate, unreported: the JIT compilers of two fresh servers take most of the two cores
 * for their first minute) [60], {@code bench.cluster.subscribers}
 * (over both nodes) [200], {@code bench.cluster.boards} [20], {@code bench.cluster.writers} [8]. The
 * report goes to {@code target/benchmark/cluster-latency.md}. Every subscriber must receive every card
 * of its board once, in offset order, else the benchmark fails.
 */
@ClusterOnly
class ClusterLatencyBenchmark {

    private final List<Double> rates = Arrays.stream(System.getProperty("bench.cluster.rates", "100,250,500").split(","))
            .map(String::trim).map(Double::valueOf).toList();
    private final double stepSeconds = Double.parseDouble(System.getProperty("bench.cluster.step-seconds", "20"));
    private final double warmUpSeconds = Double.parseDouble(System.getProperty("bench.cluster.warm-up-seconds", "60"));
    private final int subscriberCount = Integer.getInteger("bench.cluster.subscribers", 200);
    private final int boardCount = Integer.getInteger("bench.cluster.boards", 20);
    private final int writers = Integer.getInteger("bench.cluster.writers", 8);

    @Test
    void changesWrittenOnOneNodeReachTheOthersSubscribersWithinMilliseconds() throws Exception {
        List<String> rows = new ArrayList<>();
        long problems;
        try (Cluster cluster = Cluster.start(List.of("-Dsyncline.max-sessions-per-user=" + subscriberCount))) {
            ClusterNode local = cluster.leader();
            ClusterNode remote = cluster.other(local);
            Api api = local.api("alice");
            List<Long> boards = new ArrayList<>();
            for (int i = 0; i < boardCount; i++) {
                boards.add(api.newBoard().getJsonNumber("id").longValue());
            }
            HttpClient http = HttpClient.newHttpClient();
            List<Clock> clocks = new ArrayList<>();
            for (int i = 0; i < subscriberCount; i++) {
                ClusterNode node = i % 2 == 0 ? local : remote;
                Clock clock = new Clock(node == local, boards.get((i / 2) % boards.size()));
                http.newWebSocketBuilder().header("Authorization", Api.basic("alice"))
                        .buildAsync(node.webSocketUri(), clock).join()
                        .sendText("{\"op\":\"subscribe\",\"id\":\"s\",\"entity\":\"Card\",\"filter\":{\"boardId\":{\"eq\":" + clock.board + "}}}", true);
                clocks.add(clock);
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> clocks.stream().allMatch(c -> c.subscribed));

            System.out.printf("%nCross-node latency: writer on %s (the lease holder), %d subscribers on each node, %d boards%n",
                    local.name(), subscriberCount / 2, boardCount);
            rows.add("| changes/s | reached | " + local.name() + " (writer's node) p50 / p99 ms | " + remote.name()
                    + " (other node) p50 / p99 ms | frames |");
            rows.add("| --- | --- | --- | --- | --- |");
            // Two fresh servers on two cores compile for their first minute under load: not reported.
            step(api, boards, clocks, rates.get(0), warmUpSeconds);
            for (double rate : rates) {
                String row = step(api, boards, clocks, rate, stepSeconds);
                rows.add(row);
                System.out.println(row);
            }
            problems = clocks.stream().mapToLong(Clock::problems).sum();
        }
        Path report = Path.of("target", "benchmark", "cluster-latency.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, String.join("\n", rows) + "\n");
        System.out.println("Report: " + report.toAbsolutePath());
        assertThat(problems).as("changes lost, received twice or out of order").isZero();
    }

    /** One step at {@code rate}: writes, waits until every subscriber has its board's cards, and returns the report's row. */
    private String step(Api api, List<Long> boards, List<Clock> clocks, double rate, double seconds) {
        clocks.forEach(Clock::startStep);
        String ids = boards.stream().map(String::valueOf).reduce((x, y) -> x + "," + y).orElseThrow();
        JsonObject run = api.expect(200, api.send("POST", "testkit/load/write?boards=" + ids + "&rate=" + rate + "&seconds="
                + seconds + "&writers=" + writers + "&perTransaction=1", null)).json();
        Map<Long, Integer> written = new HashMap<>();
        for (JsonValue card : run.getJsonArray("cards")) {
            written.merge(card.asJsonArray().getJsonNumber(1).longValue(), 1, Integer::sum);
        }
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> clocks.stream().allMatch(c -> c.received() >= written.getOrDefault(c.board, 0)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> behind = clocks.stream().filter(c -> c.received() < written.getOrDefault(c.board, 0))
                    .map(c -> (c.local ? "local" : "remote") + " board " + c.board + ": " + c.received() + " of "
                            + written.getOrDefault(c.board, 0) + (c.closed == null ? "" : ", closed " + c.closed))
                    .toList();
            throw new AssertionError(behind.size() + " subscribers did not get their board's cards within 60 s: "
                    + behind.subList(0, Math.min(10, behind.size())), e);
        }
        long from = clocks.stream().mapToLong(Clock::minOffset).min().orElse(0);
        long to = clocks.stream().mapToLong(Clock::maxOffset).max().orElse(0);
        Map<Long, Long> committed = new HashMap<>();
        for (JsonValue pair : api.expect(200, api.send("GET", "testkit/load/committed?from=" + from + "&to=" + to, null)).array()) {
            JsonArray offsetAndTime = pair.asJsonArray();
            committed.put(offsetAndTime.getJsonNumber(0).longValue(), offsetAndTime.getJsonNumber(1).longValue());
        }
        Histogram local = new Histogram(3);
        Histogram remote = new Histogram(3);
        for (Clock clock : clocks) {
            clock.record(committed, clock.local ? local : remote);
            clock.check(written.getOrDefault(clock.board, 0));
        }
        double reached = run.getJsonArray("cards").size() / (run.getJsonNumber("elapsedMicros").longValue() / 1e6);
        return String.format("| %.0f | %.0f | %s | %s | %,d |", rate, reached, percentiles(local), percentiles(remote),
                local.getTotalCount() + remote.getTotalCount());
    }

    private static String percentiles(Histogram micros) {
        return String.format("%.1f / %.1f", micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0);
    }

    /** A subscriber that notes when each change arrived (epoch microseconds, the clock commit stamps use). */
    private static final class Clock implements WebSocket.Listener {
        final boolean local;
        final long board;
        volatile boolean subscribed;
        volatile String closed;
        private final StringBuilder partial = new StringBuilder();
        private final ConcurrentLinkedQueue<long[]> arrivals = new ConcurrentLinkedQueue<>();
        private volatile long lastOffset;
        private volatile long problems;
        private List<long[]> step = List.of();

        Clock(boolean local, long board) {
            this.local = local;
            this.board = board;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = Pacer.epochMicros();
                JsonObject frame;
                try (var reader = Json.createReader(new StringReader(partial.toString()))) {
                    frame = reader.readObject();
                }
                partial.setLength(0);
                String type = frame.getString("type", "");
                if ("subscribed".equals(type)) {
                    subscribed = true;
                } else if ("changes".equals(type)) {
                    for (JsonObject change : frame.getJsonArray("changes").getValuesAs(JsonObject.class)) {
                        long offset = change.getJsonNumber("offset").longValue();
                        if (offset <= lastOffset) {
                            problems++; // received twice, or out of order
                        }
                        lastOffset = offset;
                        arrivals.add(new long[] {offset, now});
                    }
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closed = status + " " + reason;
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed = "1006 " + error;
        }

        void startStep() {
            arrivals.clear();
        }

        int received() {
            return arrivals.size();
        }

        long minOffset() {
            return arrivals.stream().mapToLong(a -> a[0]).min().orElse(Long.MAX_VALUE);
        }

        long maxOffset() {
            return arrivals.stream().mapToLong(a -> a[0]).max().orElse(0);
        }

        void record(Map<Long, Long> committed, Histogram into) {
            step = List.copyOf(arrivals);
            for (long[] arrival : step) {
                Long commit = committed.get(arrival[0]);
                if (commit != null) {
                    into.recordValue(Math.max(0, arrival[1] - commit));
                }
            }
        }

        /** Counts a step in which this subscriber did not get exactly its board's cards as a problem. */
        void check(int written) {
            if (step.size() != written) {
                problems += Math.abs(step.size() - written);
            }
        }

        long problems() {
            return problems;
        }
    }
}
