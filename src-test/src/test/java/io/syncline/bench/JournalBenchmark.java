package io.syncline.bench;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Prints what the journal costs and how fast it replays: {@code mvn verify -Pbenchmark}.
 * Not part of the test command; it asserts nothing but prints figures.
 */
@ExtendWith(ArquillianExtension.class)
class JournalBenchmark {

    private static final int WRITES = Integer.getInteger("bench.writes", 2000);
    private static final int REPLAY_TXS = Integer.getInteger("bench.replay.txs", 1000);
    private static final int REPLAY_TX_SIZE = Integer.getInteger("bench.replay.size", 100);

    private final BenchHttp http = new BenchHttp("alice");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return io.syncline.it.BenchmarkDeployment.synclineWithTestkit();
    }

    @Test
    void writeCostAndReplayRate() {
        long board = BenchHttp.object(http.post("api/boards", "{\"name\":\"benchmark\"}")).getJsonNumber("id").longValue();

        http.post("testkit/bench/write-cost?board=" + board + "&count=200", null); // warm-up
        JsonObject cost = BenchHttp.object(http.post("testkit/bench/write-cost?board=" + board + "&count=" + WRITES, null));
        double synced = cost.getJsonNumber("syncedMicros").doubleValue();
        double plain = cost.getJsonNumber("plainMicros").doubleValue();

        ReplayProbe.Replay replay = new ReplayProbe(http).measure(board, REPLAY_TXS, REPLAY_TX_SIZE);

        System.out.printf("%n== Syncline journal benchmark (WildFly, %s, %d cores) ==%n",
                System.getProperty("syncline.database", "h2"), Runtime.getRuntime().availableProcessors());
        System.out.printf("write transaction, one synced card (capture + journal row): %8.1f us%n", synced);
        System.out.printf("write transaction, one plain row of the same shape:          %8.1f us%n", plain);
        System.out.printf("added by capture and journal, per transaction:               %8.1f us%n", synced - plain);
        System.out.printf("fill: %d transactions of %d cards in %d ms; numbered and published: %d changes%n",
                replay.transactions(), replay.size(), replay.fillMillis(), replay.published());
        System.out.printf("resume replay: %d changes in %.2f s = %.0f changes/s%n%n",
                replay.received(), replay.seconds(), replay.changesPerSecond());
    }
}
