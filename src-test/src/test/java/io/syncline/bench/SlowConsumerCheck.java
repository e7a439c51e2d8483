package io.syncline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncline.it.Replica;
import io.syncline.it.StallingClient;
import io.syncline.it.SyncClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A slow consumer at full rate: three steps of the in-server writer at the same rate, each with
 * one more subscriber (carol, every card) than the load's: in the first and the last it reads; in
 * the second it stops reading at the step's start. Within that step, while the writes go on, the server must
 * close it as the README says (4008 {@code too slow}, once its socket buffers are full and the
 * send timeout has passed), and the reader resumes with {@code since} and must receive every
 * change it missed, once, in offset order. So the others' latency in the second step includes the
 * stall, the close and the resume's replay: it must not move.
 */
final class SlowConsumerCheck {

    private static final String USER = "carol";
    private static final String SUBSCRIPTION = "slow";
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(90);
    /** How long the in-server writer writes at a time while the reader is stalled. */
    private static final double CHUNK_SECONDS = 5;
    /** How long the step without a stall writes. */
    static final double BASELINE_SECONDS = 60;
    /** How long the writer writes, unmeasured, before the step without a stall. */
    static final double SETTLE_SECONDS = 30;
    /**
     * How long the server may take to close the stalled reader: its socket buffers fill first (a
     * few megabytes: over two minutes at 100 changes/s), then the send timeout runs.
     */
    private static final Duration MAX_STALL = Duration.ofMinutes(5);

    private final LoadStep step;
    private final ServerProbe server;

    SlowConsumerCheck(LoadStep step, ServerProbe server) {
        this.step = step;
        this.server = server;
    }

    /**
     * The others' latencies without the stalled reader, with it (a step of {@code seconds}), and without
     * it again; how the reader was closed and when
     * (seconds after it stopped reading), and when its resume had received every change it missed
     * (seconds after it stopped; past the step's length, the replay ran after the writes ended).
     */
    record Outcome(StepResult without, StepResult with, StepResult after, double seconds, String closedWith, double closedAfterSeconds,
                   double caughtUpAfterSeconds, int resumedChanges) {
    }

    /**
     * Runs the step without a stall ({@value #BASELINE_SECONDS} s, after {@value #SETTLE_SECONDS} s
     * not measured), then the one with the stalled reader, writing {@value #CHUNK_SECONDS} s at a
     * time until the server has closed it and one more such time after its resume, then the first
     * step again with the resumed reader.
     */
    Outcome run(List<Long> boards, double rate, int writers) {
        // The same subscriber, reading: what differs in the next step is only that it stalls.
        StepResult without;
        try (StallingClient reading = StallingClient.connect(USER)) {
            reading.send("{\"op\":\"subscribe\",\"id\":\"" + SUBSCRIPTION + "\",\"entity\":\"Card\"}");
            reading.awaitFrame(frame -> "subscribed".equals(frame.getString("type")));
            // Not measured: the steps before leave the server busy for a while (the unpaced writer's backlog, the database's own work).
            step.run("settling", rate, () -> server.writeInServer(boards, rate, SETTLE_SECONDS, writers, 1).join());
            without = step.run("in-server, 1 reader more", rate,
                    () -> server.writeInServer(boards, rate, BASELINE_SECONDS, writers, 1).join());
        }
        try (StallingClient stalled = StallingClient.connect(USER)) {
            stalled.send("{\"op\":\"subscribe\",\"id\":\"" + SUBSCRIPTION + "\",\"entity\":\"Card\"}");
            stalled.awaitFrame(frame -> "subscribed".equals(frame.getString("type")));
            int sessions = server.sessionsOf(USER);
            stalled.pause();
            long pausedAt = System.nanoTime();
            Resume resume = new Resume();
            int[] chunks = {0};
            StepResult with = step.run("in-server, 1 reader stalled, closed, resumed", rate, () -> {
                List<ServerProbe.ServerRun> runs = new ArrayList<>();
                int afterResume = -1;
                while (afterResume < 1) {
                    var chunk = server.writeInServer(boards, rate, CHUNK_SECONDS, writers, 1);
                    if (resume.client == null) {
                        await().atMost(Duration.ofSeconds((long) CHUNK_SECONDS + 60)).pollInterval(Duration.ofMillis(100))
                                .until(() -> chunk.isDone() || server.sessionsOf(USER) < sessions);
                        if (server.sessionsOf(USER) < sessions) {
                            resume.resumeAfterClose(stalled, pausedAt);
                            afterResume = 0;
                        } else if (System.nanoTime() - pausedAt > MAX_STALL.toNanos()) {
                            throw new AssertionError("the server did not close the reader that stopped reading within " + MAX_STALL);
                        }
                    } else {
                        afterResume++;
                    }
                    runs.add(chunk.join());
                }
                chunks[0] = runs.size();
                ServerProbe.ServerRun run = ServerProbe.ServerRun.of(runs);
                resume.written = run.cards().all().stream().map(String::valueOf).collect(Collectors.toSet());
                await().atMost(CLOSE_GRACE).pollInterval(Duration.ofMillis(50))
                        .alias("the resumed subscription receives what it missed")
                        .until(() -> resume.replica.applied().size() + changesIn(resume.client.frames()) >= resume.written.size());
                resume.caughtUpAfter = (System.nanoTime() - pausedAt) / 1e9;
                return run;
            });
            StepResult after;
            try (SyncClient resumed = resume.client) {
                assertThat(resume.closedWith).as("the stalled reader is closed as the README says").startsWith("4008 too slow");
                resume.replica.apply(resumed.frames());
                assertThat(resume.replica.applied()).as("every change once, in offset order").doesNotHaveDuplicates().isSorted();
                assertThat(resume.replica.rows().keySet()).as("every card written while it stalled").isEqualTo(resume.written);
                // The resumed reader reads on: the step before the stall again, so that what drifts with time
                // (tables that grow, the database's own work) shows apart from what the stall did.
                after = step.run("in-server, 1 reader more, again", rate,
                        () -> server.writeInServer(boards, rate, BASELINE_SECONDS, writers, 1).join());
            }
            int resumed = resume.replica.applied().size() - resume.beforeClose;
            return new Outcome(without, with, after, chunks[0] * CHUNK_SECONDS, resume.closedWith, resume.closedAfter,
                    resume.caughtUpAfter, resumed);
        }
    }

    /** What the stalled reader's close and resume left, for the checks after the step. */
    private static final class Resume {
        double closedAfter;
        double caughtUpAfter;
        String closedWith;
        Replica replica;
        int beforeClose;
        SyncClient client;
        Set<String> written;

        /** The server closed the stalled reader: it takes the rest of its frames and resumes at once, while the writes go on. */
        void resumeAfterClose(StallingClient stalled, long pausedAt) {
            closedAfter = (System.nanoTime() - pausedAt) / 1e9;
            stalled.resume();
            closedWith = stalled.awaitClosed(CLOSE_GRACE);
            replica = new Replica(SUBSCRIPTION).apply(stalled.frames()).closed();
            beforeClose = replica.applied().size();
            client = SyncClient.connect(USER);
            client.send("{\"op\":\"subscribe\",\"id\":\"" + SUBSCRIPTION + "\",\"entity\":\"Card\",\"since\":"
                    + replica.resumeOffset() + "}");
        }
    }

    private static int changesIn(List<JsonObject> frames) {
        return frames.stream().filter(frame -> "changes".equals(frame.getString("type")))
                .mapToInt(frame -> frame.getJsonArray("changes").size()).sum();
    }
}
