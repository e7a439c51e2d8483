package io.syncline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncline.it.Cluster;
import io.syncline.it.ClusterNode;
import io.syncline.it.ClusterOnly;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Cross-node latency, on the test cluster of ClusterIT (two full-ha nodes, one PostgreSQL
 * database): the test kit's in-server writer on the node that holds the sequencer lease (one card a
 * transaction, paced, open-loop), and the load benchmark's subscribers on both nodes, half on each,
 * each watching one board's cards. Commit → frame latency, p50 / p99, of the writer's node's
 * subscribers (the topic's local subscription) beside the other node's (through the brokers'
 * bridge), in the same steps.
 *
 * <p>{@code mvn verify -Pbenchmark -pl src-test -Dit.test=ClusterLatencyBenchmark}, after
 * {@code mvn install -DskipITs}. Settings (defaults in brackets): {@code bench.cluster.rates}
 * (changes/s) [100,250,500], {@code bench.cluster.step-seconds} [20], {@code bench.cluster.warm-up-seconds}
 * (at the first rate, unreported: the JIT compilers of two fresh servers take most of the two cores
 * for their first minute) [60], {@code bench.cluster.subscribers} (over both nodes) [200],
 * {@code bench.cluster.boards} [20], {@code bench.cluster.writers} [8]. The report goes to
 * {@code target/benchmark/cluster-latency.md}. Every subscriber must receive every card of its board
 * once, in offset order, else the benchmark fails.
 */
@ClusterOnly
class ClusterLatencyBenchmark {

    private static final Duration DRAIN = Duration.ofSeconds(60);

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
        List<Subscriber> local = new ArrayList<>();
        List<Subscriber> remote = new ArrayList<>();
        WrittenCards written = new WrittenCards();
        try (Cluster cluster = Cluster.start(List.of("-Dsyncline.max-sessions-per-user=" + subscriberCount))) {
            ClusterNode writerNode = cluster.leader();
            ClusterNode otherNode = cluster.other(writerNode);
            // HTTP/1.1: a paced write is one request of many seconds, which must not meet an HTTP/2 GOAWAY.
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            BenchHttp onWriterNode = new BenchHttp(http, writerNode.baseUri(), "alice");
            BenchHttp onOtherNode = new BenchHttp(http, otherNode.baseUri(), "alice");
            ServerProbe probe = new ServerProbe(onWriterNode);
            List<Long> boards = new ArrayList<>();
            for (int i = 0; i < boardCount; i++) {
                boards.add(BenchHttp.object(onWriterNode.post("api/boards", "{\"name\":\"cluster " + i + "\"}")).getJsonNumber("id").longValue());
            }
            AtomicLong received = new AtomicLong();
            for (int i = 0; i < subscriberCount; i++) {
                Subscriber subscriber = new Subscriber(boards.get((i / 2) % boards.size()), received);
                (i % 2 == 0 ? local : remote).add(subscriber);
                (i % 2 == 0 ? onWriterNode : onOtherNode).webSocket("sync", subscriber).join()
                        .sendText(subscriber.subscribeFrame("s"), true);
            }
            List<Subscriber> all = Stream.concat(local.stream(), remote.stream()).toList();
            await().atMost(Duration.ofMinutes(1)).until(() -> all.stream().allMatch(Subscriber::subscribed));

            System.out.printf("%nCross-node latency: writer on %s (the lease holder), %d subscribers on each node, %d boards%n",
                    writerNode.name(), local.size(), boardCount);
            rows.add("| changes/s | reached | " + writerNode.name() + " (writer's node) p50 / p99 ms | " + otherNode.name()
                    + " (other node) p50 / p99 ms |");
            rows.add("| --- | --- | --- | --- |");
            // Two fresh servers on two cores compile for their first minute under load: not reported.
            step(probe, boards, all, local, remote, written, rates.get(0), warmUpSeconds);
            for (double rate : rates) {
                String row = step(probe, boards, all, local, remote, written, rate, stepSeconds);
                rows.add(row);
                System.out.println(row);
            }
        }
        Path report = Path.of("target", "benchmark", "cluster-latency.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, String.join("\n", rows) + "\n");
        System.out.println("Report: " + report.toAbsolutePath());
        List<Subscriber> all = Stream.concat(local.stream(), remote.stream()).toList();
        assertThat(all.stream().mapToLong(s -> s.missing(written.of(s.board()))).sum()).as("changes lost").isZero();
        assertThat(all.stream().mapToLong(Subscriber::duplicated).sum()).as("changes received twice").isZero();
        assertThat(all.stream().mapToLong(Subscriber::reordered).sum()).as("changes out of offset order").isZero();
    }

    /**
     * One step at {@code rate}: writes, waits until every subscriber has every card of its board
     * written so far, and returns the report's row.
     */
    private String step(ServerProbe probe, List<Long> boards, List<Subscriber> all, List<Subscriber> local, List<Subscriber> remote,
                        WrittenCards written, double rate, double seconds) {
        ServerProbe.ServerRun run = probe.writeInServer(boards, rate, seconds, writers, 1).join();
        run.cards().forEach(written::add);
        await().atMost(DRAIN).pollInterval(Duration.ofMillis(20))
                .alias("every subscriber has every card of its board")
                .until(() -> all.stream().allMatch(s -> s.missing(written.of(s.board())) == 0));
        StepLog onWriterNode = new StepLog(local);
        StepLog onOtherNode = new StepLog(remote);
        long from = Math.min(onWriterNode.minOffset(), onOtherNode.minOffset());
        long to = Math.max(onWriterNode.maxOffset(), onOtherNode.maxOffset());
        var committed = probe.committedAt(from, to);
        return String.format("| %.0f | %.0f | %s | %s |", rate, run.achievedRate(),
                percentiles(onWriterNode, committed), percentiles(onOtherNode, committed));
    }

    private static String percentiles(StepLog log, java.util.Map<Long, Long> committed) {
        Latencies latencies = Latencies.of(log.commitToFrame(committed));
        return latencies == null ? "n/a" : String.format("%.1f / %.1f", latencies.p50(), latencies.p99());
    }
}
