package io.syncline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncline.it.Replica;
import io.syncline.it.StallingClient;
import io.syncline.it.SyncClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A slow consumer at full rate: two steps of the in-server writer at the same rate, the second
 * with one more subscriber (carol, every card) that stops reading. It must not move the others'
 * latency much; the server must close it as the README says (4008 {@code too slow}, after the
 * send timeout); and resumed with {@code since} as the README says, it must receive every change
 * it missed, once, in offset order.
 */
final class SlowConsumerCheck {

    private static final String USER = "carol";
    private static final String SUBSCRIPTION = "slow";
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(90);

    private final LoadStep step;
    private final ServerProbe server;

    SlowConsumerCheck(LoadStep step, ServerProbe server) {
        this.step = step;
        this.server = server;
    }

    /** The others' latencies without and with the stalled reader, and how the reader was closed and resumed. */
    record Outcome(StepResult without, StepResult with, String closedWith, double closedAfterSeconds, int missed, int resumedChanges) {
    }

    Outcome run(List<Long> boards, double rate, double plainSeconds, double stalledSeconds, int writers) {
        StepResult without = step.run("in-server", rate,
                () -> server.writeInServer(boards, rate, plainSeconds, writers, 1).join());

        try (StallingClient stalled = StallingClient.connect(USER)) {
            stalled.send("{\"op\":\"subscribe\",\"id\":\"" + SUBSCRIPTION + "\",\"entity\":\"Card\"}");
            stalled.awaitFrame(frame -> "subscribed".equals(frame.getString("type")));
            int sessions = server.sessionsOf(USER);
            stalled.pause();
            long pausedAt = System.nanoTime();
            double[] closedAfter = new double[1];
            ServerProbe.ServerRun[] run = new ServerProbe.ServerRun[1];
            StepResult with = step.run("in-server, 1 reader stalled", rate, () -> {
                var writes = server.writeInServer(boards, rate, stalledSeconds, writers, 1);
                await().atMost(Duration.ofMillis((long) (stalledSeconds * 1000)).plus(CLOSE_GRACE)).pollInterval(Duration.ofMillis(100))
                        .alias("the server closes the reader that stopped reading")
                        .until(() -> server.sessionsOf(USER) < sessions);
                closedAfter[0] = (System.nanoTime() - pausedAt) / 1e9;
                run[0] = writes.join();
                return run[0];
            });

            stalled.resume();
            String closedWith = stalled.awaitClosed(CLOSE_GRACE);
            assertThat(closedWith).as("the stalled reader is closed as the README says").startsWith("4008 too slow");
            Replica replica = new Replica(SUBSCRIPTION).apply(stalled.frames()).closed();
            int beforeClose = replica.applied().size();
            Set<String> written = run[0].cards().all().stream().map(String::valueOf).collect(Collectors.toSet());
            resume(replica, written.size());
            assertThat(replica.applied()).as("every change once, in offset order").doesNotHaveDuplicates().isSorted();
            assertThat(replica.rows().keySet()).as("every card written while it stalled").isEqualTo(written);
            return new Outcome(without, with, closedWith, closedAfter[0], written.size() - beforeClose, replica.applied().size() - beforeClose);
        }
    }

    /** Connects again and resumes the subscription after the last whole group applied, until it has {@code total} changes. */
    private static void resume(Replica replica, int total) {
        try (SyncClient resumed = SyncClient.connect(USER)) {
            resumed.send("{\"op\":\"subscribe\",\"id\":\"" + SUBSCRIPTION + "\",\"entity\":\"Card\",\"since\":" + replica.resumeOffset() + "}");
            await().atMost(CLOSE_GRACE).pollInterval(Duration.ofMillis(200))
                    .alias("the resumed subscription receives what it missed")
                    .until(() -> replica.applied().size() + changesIn(resumed.frames()) >= total);
            replica.apply(resumed.frames());
        }
    }

    private static int changesIn(List<JsonObject> frames) {
        return frames.stream().filter(frame -> "changes".equals(frame.getString("type")))
                .mapToInt(frame -> frame.getJsonArray("changes").size()).sum();
    }
}
