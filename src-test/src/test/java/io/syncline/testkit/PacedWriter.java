package io.syncline.testkit;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-server writer of the load benchmark: {@code writers} threads of the server (from its
 * {@link ManagedThreadFactory}, so that they take nothing from the executor Syncline's sessions run
 * on) insert cards, one or more per transaction (each on the next board), paced open-loop by a
 * {@link Pacer}, on boards taken round-robin. Each card's title carries its intended start ({@code load <epoch micros>}), so a
 * client can compute write-to-frame latency from the frame alone.
 */
@ApplicationScoped
public class PacedWriter {

    /** The title prefix of the cards written here and by the benchmark's REST writer. */
    public static final String TITLE_PREFIX = "load ";

    @Resource
    ManagedThreadFactory threads;

    @Inject
    BenchWrites writes;

    /** What one run wrote: its cards in order of their index, and how long it took. */
    public record Run(List<long[]> cards, long elapsedMicros, long errors, String firstError) {
    }

    /** One transaction of a run, on these boards: returns the written cards' ids, board by board (0: no card). */
    @FunctionalInterface
    public interface Write {
        long[] write(long[] boards, long intendedEpochMicros);
    }

    /** Synced cards titled with their intended start. */
    public Write titledCards() {
        return (boards, intended) -> writes.titledCards(boards, TITLE_PREFIX + intended);
    }

    /** Plain rows, not synced, one per transaction: the baseline of the capture-on/off throughput ratio. */
    public Write plainRows() {
        return (boards, intended) -> {
            writes.plainRow(boards[0]);
            return new long[] {0};
        };
    }

    /**
     * Writes {@code rate} cards per second (unpaced when 0) for {@code duration} on {@code boards},
     * round-robin, {@code perTransaction} to a transaction, with {@code writers} threads; returns
     * when every write has completed.
     */
    public Run run(long[] boards, double rate, Duration duration, int writers, int perTransaction, Write write)
            throws InterruptedException {
        Pacer pacer = Pacer.start(rate / perTransaction);
        long count = pacer.paced() ? Math.round(rate / perTransaction * duration.toNanos() / 1e9) : Long.MAX_VALUE;
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        ConcurrentLinkedQueue<long[]> written = new ConcurrentLinkedQueue<>();
        Runnable worker = () -> {
            for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                long intended = pacer.awaitTurn(i);
                if (!pacer.paced() && System.nanoTime() >= deadline) {
                    return;
                }
                long[] onto = new long[perTransaction];
                for (int j = 0; j < perTransaction; j++) {
                    onto[j] = boards[(int) ((i * perTransaction + j) % boards.length)];
                }
                try {
                    long[] ids = write.write(onto, intended);
                    for (int j = 0; j < ids.length; j++) {
                        written.add(new long[] {i * perTransaction + j, ids[j], onto[j]});
                    }
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                }
            }
        };
        List<Thread> started = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread thread = threads.newThread(worker);
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        long elapsed = pacer.elapsedMicros();
        List<long[]> cards = new ArrayList<>(written);
        cards.sort((a, b) -> Long.compare(a[0], b[0]));
        return new Run(cards, elapsed, errors.get(), firstError.get());
    }
}
