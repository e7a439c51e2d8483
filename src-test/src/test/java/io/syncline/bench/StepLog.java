package io.syncline.bench;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Every change every subscriber received during one step, gathered once the step is over: its
 * latencies (write start and commit to frame arrival), how many frames arrived over how long, and
 * the changes a subscriber had not received yet when the step ended.
 */
final class StepLog implements Subscriber.StepReader {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final LongColumns changes = new LongColumns(4);
    private final Map<Subscriber, Set<Long>> keys = new IdentityHashMap<>();
    private long firstArrival = Long.MAX_VALUE;
    private long lastArrival = Long.MIN_VALUE;
    private long minOffset = Long.MAX_VALUE;
    private long maxOffset = Long.MIN_VALUE;

    StepLog(List<Subscriber> subscribers) {
        for (Subscriber subscriber : subscribers) {
            keys.put(subscriber, new HashSet<>());
            subscriber.drainStep(this);
        }
    }

    @Override
    public void read(Subscriber subscriber, long offset, long arrivalMicros, long intendedMicros, long key) {
        changes.add(offset, arrivalMicros, intendedMicros, key);
        keys.get(subscriber).add(key);
        firstArrival = Math.min(firstArrival, arrivalMicros);
        lastArrival = Math.max(lastArrival, arrivalMicros);
        minOffset = Math.min(minOffset, offset);
        maxOffset = Math.max(maxOffset, offset);
    }

    int changes() {
        return changes.rows();
    }

    long minOffset() {
        return minOffset;
    }

    long maxOffset() {
        return maxOffset;
    }

    /** Microseconds from the first to the last arrival of the step. */
    long arrivalSpanMicros() {
        return changes() == 0 ? 0 : lastArrival - firstArrival;
    }

    long lastArrivalMicros() {
        return lastArrival;
    }

    /** Changes written on a subscriber's board in this step that had not reached it when the step ended, summed over subscribers. */
    long late(WrittenCards written) {
        long lost = 0;
        for (Map.Entry<Subscriber, Set<Long>> subscriber : keys.entrySet()) {
            for (long card : written.of(subscriber.getKey().board())) {
                if (!subscriber.getValue().contains(card)) {
                    lost++;
                }
            }
        }
        return lost;
    }

    /** Intended write start to frame arrival, in microseconds, of every change that carries its start. */
    Histogram writeToFrame() {
        Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
        for (int row = 0; row < changes.rows(); row++) {
            long intended = changes.get(row, Subscriber.INTENDED);
            if (intended >= 0) {
                histogram.recordValue(clamp(changes.get(row, Subscriber.ARRIVAL) - intended));
            }
        }
        return histogram;
    }

    /** Commit to frame arrival, in microseconds, of every change whose commit time is known (offset to epoch micros). */
    Histogram commitToFrame(Map<Long, Long> committedAt) {
        Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
        for (int row = 0; row < changes.rows(); row++) {
            Long committed = committedAt.get(changes.get(row, Subscriber.OFFSET));
            if (committed != null) {
                histogram.recordValue(clamp(changes.get(row, Subscriber.ARRIVAL) - committed));
            }
        }
        return histogram;
    }

    /** A latency below 0 is the two clocks' rounding (same host, same clock): it counts as 0. */
    private static long clamp(long micros) {
        return Math.min(HIGHEST_MICROS, Math.max(0, micros));
    }
}
