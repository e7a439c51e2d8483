package io.syncline.testkit;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing at a fixed rate: the i-th write's intended start is {@code start + i / rate},
 * whatever happened to the writes before it. A write that starts late because the system stalled
 * keeps its intended start, so the stall shows as latency of every write behind it instead of
 * being hidden (no coordinated omission). A rate of 0 or less means unpaced: as fast as possible,
 * each write's intended start being the moment it starts.
 *
 * <p>Shared by the load benchmark's REST writer (client side) and the test kit's in-server writer.
 */
public final class Pacer {

    private final long startNanos;
    private final long startEpochMicros;
    private final double periodNanos;

    private Pacer(double ratePerSecond) {
        this.periodNanos = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
        this.startEpochMicros = epochMicros();
        this.startNanos = System.nanoTime();
    }

    /** A pacer whose first write is due now. */
    public static Pacer start(double ratePerSecond) {
        return new Pacer(ratePerSecond);
    }

    /** Whether writes are paced (a positive rate) or go as fast as possible. */
    public boolean paced() {
        return periodNanos > 0;
    }

    /**
     * Waits until write {@code i} is due (not at all when it is overdue or unpaced), and returns its
     * intended start in epoch microseconds.
     */
    public long awaitTurn(long i) {
        if (!paced()) {
            return epochMicros();
        }
        long offsetNanos = (long) (i * periodNanos);
        long due = startNanos + offsetNanos;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        return startEpochMicros + offsetNanos / 1000;
    }

    /** Microseconds since this pacer started. */
    public long elapsedMicros() {
        return (System.nanoTime() - startNanos) / 1000;
    }

    /** The wall clock in microseconds since the epoch: the clock frames and commit stamps are compared on. */
    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
