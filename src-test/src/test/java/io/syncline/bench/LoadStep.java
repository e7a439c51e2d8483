package io.syncline.bench;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs one step against the subscribers: starts the writes, waits for them and then for every
 * change written so far to reach every subscriber of its board (or for the drain timeout), and
 * measures what arrived meanwhile.
 */
final class LoadStep {

    private final Subscribers subscribers;
    private final ServerProbe server;
    private final Duration drainTimeout;

    LoadStep(Subscribers subscribers, ServerProbe server, Duration drainTimeout) {
        this.subscribers = subscribers;
        this.server = server;
        this.drainTimeout = drainTimeout;
    }

    StepResult run(String path, double targetRate, Supplier<Writes> writer) {
        long duplicated = subscribers.duplicated();
        long reordered = subscribers.reordered();
        long startMicros = io.syncline.testkit.Pacer.epochMicros();
        CpuMeter cpu = CpuMeter.start(server);
        Writes writes = writer.get();
        subscribers.written(writes.cards());
        subscribers.awaitAllDelivered(drainTimeout);
        CpuMeter.Usage usage = cpu.stop();
        StepLog log = subscribers.finishStep();
        if (writes.errors() > 0) {
            System.out.printf("  %d writes failed, first: %s%n", writes.errors(), writes.firstError());
        }
        double seconds = Math.max(1, log.lastArrivalMicros() - startMicros) / 1e6;
        return new StepResult(path, targetRate, writes.achievedRate(), writes.cards().count(), writes.errors(), subscribers.size(),
                log.changes() / seconds, Latencies.of(log.writeToFrame()),
                Latencies.of(log.commitToFrame(server.committedAt(log.minOffset(), log.maxOffset()))),
                Latencies.of(writes.response()), usage, log.late(writes.cards()),
                subscribers.duplicated() - duplicated, subscribers.reordered() - reordered);
    }
}
