package io.syncline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncline.it.BenchmarkDeployment;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Syncline under load, one node, against the server the build starts (H2 pass, then PostgreSQL):
 * {@code mvn verify -Pbenchmark -pl src-test -Dit.test=LoadBenchmark}, after {@code mvn install -DskipITs}.
 *
 * <ol>
 *   <li>Subscribers: S WebSockets over B boards, each subscribed to its board's cards
 *       ({@code boardId eq}), as alice, bob and carol in turn (members of every board).</li>
 *   <li>A sweep of target rates with the in-server writer (test kit threads, one card per
 *       transaction, open-loop), then a shorter one through REST: achieved rate, frames/s,
 *       commit → frame and write start → frame latency (HdrHistogram), client and server CPU; the
 *       knee (the highest rate reached at 95 % with p99 within the bound).</li>
 *   <li>Ratios measured in the same run: frames/s delivered with the in-server writer unpaced
 *       against the raw broadcast ceiling of a bare endpoint with as many sockets; write
 *       throughput with capture on against off; resume replay rate; many idle subscribers
 *       (connect time, server heap after GC, database work on PostgreSQL).</li>
 *   <li>A slow consumer at full rate (the in-server knee): the others' latency in three steps of
 *       the same rate, with one more reader that reads, then stops, is closed (4008) and resumes
 *       with {@code since} while the writes go on (without loss or duplicate), then reads again.</li>
 *   <li>Every subscriber checks its stream: lost, duplicated, reordered changes must be 0, else
 *       the benchmark fails (after writing its report).</li>
 * </ol>
 *
 * <p>The report goes to {@code target/benchmark/load-<database>.md}, {@code .json} and
 * {@code latency-<database>.svg}. Sizes (system properties, defaults in brackets):
 * {@code bench.load.subscribers} [1000], {@code bench.load.boards} [100], {@code bench.load.clients}
 * (JDK HTTP clients for the sockets) [4], {@code bench.load.client-threads} (listener threads per
 * client) [2], {@code bench.load.rates} (in-server sweep, changes/s) [100,250,500,1000,1500,2000],
 * {@code bench.load.rest-rates} [100,250,500], {@code bench.load.step-seconds} [10],
 * {@code bench.load.warm-up-seconds} [5], {@code bench.load.writers} (in-server writer threads)
 * [8], {@code bench.load.changes-per-transaction} (cards the in-server writer puts in one
 * transaction, each on the next board; its rates count cards) [1],
 * {@code bench.load.rest-writers} (concurrent REST requests) [16],
 * {@code bench.load.drain-seconds} (how long a step, and the count of lost
 * changes at the end, wait for every change written so far to arrive) [60],
 * {@code bench.load.knee-p99-ms} [20], {@code bench.load.stop-p99-ms} (a sweep stops after a step
 * with a p99 above this, or below 95 % of its rate) [2000], {@code bench.load.ceiling-seconds} [5],
 * {@code bench.load.slow-rate} (0: the in-server knee; negative: no slow consumer) [0],
 * {@code bench.load.throughput-seconds} [5], {@code bench.load.replay-txs} [500],
 * {@code bench.load.replay-size} [100], {@code bench.load.idle-subscribers} [10000],
 * {@code bench.load.idle-seconds} [10], {@code bench.load.metrics.url} (the server's Prometheus
 * text, saved beside the report) [none], {@code bench.load.report-dir} [target/benchmark].
 *
 * <p>The benchmark profile starts the server with more sessions per user and a slower heartbeat
 * than the tests' server (see the profile in {@code src-test/pom.xml}).
 */
@ExtendWith(ArquillianExtension.class)
class LoadBenchmark {

    private final LoadSettings settings = LoadSettings.fromSystemProperties();
    private final BenchHttp alice = new BenchHttp("alice");
    private final ServerProbe server = new ServerProbe(alice);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return BenchmarkDeployment.synclineWithTestkit();
    }

    @Test
    void subscribersReceiveEveryChangeInOrderAtEveryRate() {
        String database = System.getProperty("syncline.database", "h2");
        LoadResults results = new LoadResults(database, settings, Instant.now().toString(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try {
            measure(results);
        } finally {
            results.metrics = new MetricsHook(settings.metricsUrl()).fetch();
            System.out.println("Report: " + new LoadReport(results).write().toAbsolutePath());
        }
        assertThat(results.lost).as("changes lost").isZero();
        assertThat(results.duplicated()).as("changes received twice").isZero();
        assertThat(results.reordered()).as("changes out of offset order").isZero();
    }

    private void measure(LoadResults results) {
        heading("1. %d subscribers over %d boards", settings.subscribers(), settings.boards());
        List<Long> boards = boards(settings.boards());
        long start = System.nanoTime();
        try (Subscribers subscribers = Subscribers.subscribe(settings.subscribers(), boards, socketPool(), Duration.ofMinutes(3))) {
            System.out.printf("connected and subscribed in %.1f s%n", (System.nanoTime() - start) / 1e9);
            try {
                loadSteps(results, boards, subscribers);
            } finally {
                subscribers.awaitAllDelivered(drainTimeout());
                results.lost = subscribers.lost();
            }
        }

        heading("6. write throughput, capture on against off, %d writers, %.0f s each", settings.writers(), settings.throughputSeconds());
        long board = boards.get(0);
        server.throughput(board, true, 1, settings.writers()); // warm-up of both paths
        server.throughput(board, false, 1, settings.writers());
        results.captureOnRate = server.throughput(board, true, settings.throughputSeconds(), settings.writers());
        results.captureOffRate = server.throughput(board, false, settings.throughputSeconds(), settings.writers());
        System.out.printf("on %,.0f tx/s, off %,.0f tx/s, ratio %.2f%n", results.captureOnRate, results.captureOffRate, results.captureRatio());

        heading("7. resume replay of %d transactions of %d changes", settings.replayTransactions(), settings.replaySize());
        results.replay = new ReplayProbe(alice).measure(board, settings.replayTransactions(), settings.replaySize());
        System.out.printf("%,d changes in %.2f s = %,.0f changes/s%n", results.replay.received(), results.replay.seconds(),
                results.replay.changesPerSecond());

        heading("8. %d idle subscribers", settings.idleSubscribers());
        results.idle = new IdleSubscribersCheck(server, DatabaseActivity.ofThisPass())
                .run(settings.idleSubscribers(), boards, settings.idleSeconds());
        System.out.printf("connected and subscribed in %.1f s (client / server CPU %.2f / %.2f cores); server heap after GC %d MiB%n",
                results.idle.connectSeconds(), results.idle.connectCpu().clientCores(), results.idle.connectCpu().serverCores(),
                results.idle.heapUsedAfterGc() >> 20);
    }

    /** Steps 2 to 5: the sweeps, the ratio to the broadcast ceiling and the slow consumer, all over {@code subscribers}. */
    private void loadSteps(LoadResults results, List<Long> boards, Subscribers subscribers) {
        LoadStep step = new LoadStep(subscribers, server, drainTimeout());

        heading("2. in-server writer, %d threads: warm-up, then %s changes/s", settings.writers(), settings.rates());
        System.out.print(LoadReport.TABLE_HEADER);
        results.steps.add(printed(step.run(LoadReport.WARM_UP, settings.rates().get(0), inServer(boards, settings.rates().get(0), settings.warmUpSeconds()))));
        for (double rate : settings.rates()) {
            if (!sweepGoesOn(results, printed(step.run(LoadReport.IN_SERVER, rate, inServer(boards, rate, settings.stepSeconds()))))) {
                break;
            }
        }

        heading("3. REST writer, %d concurrent requests: %s changes/s", settings.restWriters(), settings.restRates());
        RestWriter rest = new RestWriter(new BenchHttp("alice"), settings.restWriters());
        for (double rate : settings.restRates()) {
            if (!sweepGoesOn(results, printed(step.run(LoadReport.REST, rate, () -> rest.run(boards, rate, settings.stepSeconds()))))) {
                break;
            }
        }

        heading("4. delivered frames/s, in-server writer unpaced, against the raw broadcast ceiling (%d sockets)", settings.subscribers());
        results.unpaced = printed(step.run(LoadReport.IN_SERVER + " unpaced", 0, inServer(boards, 0, settings.ceilingSeconds())));
        results.ceiling = new BroadcastCeiling(server).measure(settings.subscribers(), subscribers.meanFrameChars(),
                settings.ceilingSeconds(), socketPool());
        System.out.printf("ceiling: %,d frames of %d characters sent, %,d received, %,.0f frames/s; ratio %.2f%n",
                results.ceiling.sent(), subscribers.meanFrameChars(), results.ceiling.received(),
                results.ceiling.framesPerSecond(), results.ceilingRatio());

        if (settings.slowRate() < 0) {
            return; // skipped
        }
        double slowRate = settings.slowRate() > 0 ? settings.slowRate()
                : results.knee(LoadReport.IN_SERVER).map(StepResult::targetRate).orElse(settings.rates().get(0));
        heading("5. a slow consumer at %.0f changes/s (%s)", slowRate,
                settings.slowRate() > 0 ? "bench.load.slow-rate" : "the in-server knee");
        results.slow = new SlowConsumerCheck(step, server).run(boards, slowRate, settings.writers());
        printed(results.slow.without());
        printed(results.slow.with());
        printed(results.slow.after());
        System.out.printf("stalled reader closed with %s after %.1f s; resumed, it received the %d changes it missed, all by %.1f s%n",
                results.slow.closedWith(), results.slow.closedAfterSeconds(), results.slow.resumedChanges(),
                results.slow.caughtUpAfterSeconds());
    }

    /**
     * Adds a sweep's step to the results; whether the sweep goes on to higher rates: not once a
     * step fell short of its rate or its p99 passed {@code bench.load.stop-p99-ms} (past the knee,
     * higher rates only pile up a longer backlog).
     */
    private boolean sweepGoesOn(LoadResults results, StepResult step) {
        results.steps.add(step);
        boolean saturated = !step.reached(LoadResults.REACHED_SHARE)
                || (step.judged() != null && step.judged().p99() > settings.stopP99Millis());
        if (saturated) {
            System.out.printf("saturated at %s changes/s: the sweep stops here%n", step.targetLabel());
        }
        return !saturated;
    }

    /** Boards created by alice, with bob and carol as members too. */
    private List<Long> boards(int count) {
        List<Long> boards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long board = BenchHttp.object(alice.post("api/boards", "{\"name\":\"load " + i + "\"}")).getJsonNumber("id").longValue();
            for (String member : Subscribers.USERS.subList(1, Subscribers.USERS.size())) {
                alice.put("api/boards/" + board + "/members/" + member);
            }
            boards.add(board);
        }
        return boards;
    }

    private java.util.function.Supplier<Writes> inServer(List<Long> boards, double rate, double seconds) {
        return () -> server.writeInServer(boards, rate, seconds, settings.writers(), settings.changesPerTransaction()).join();
    }

    private Duration drainTimeout() {
        return Duration.ofMillis((long) (settings.drainSeconds() * 1000));
    }

    private SocketPool socketPool() {
        return new SocketPool(settings.clients(), settings.clientThreads());
    }

    private static StepResult printed(StepResult step) {
        System.out.print(LoadReport.row(step));
        return step;
    }

    private static void heading(String format, Object... args) {
        System.out.printf("%n== " + format + " ==%n", args);
    }
}
