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
 * on) insert one card per transaction, paced open-loop by a {@link Pacer}, on boards taken
 * round-robin. Each card's title carries its intended start ({@code load <epoch micros>}), so a
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

    /** One write of a run: returns the written card's id, or 0 when it wrote no card. */
    @FunctionalInterface
    public interface Write {
        long write(long board, long intendedEpochMicros);
    }

    /** Synced cards titled with their intended start. */
    public Write titledCards() {
        return (board, intended) -> writes.titledCard(board, TITLE_PREFIX + intended);
    }

    /** Plain rows, not synced: the baseline of the capture-on/off throughput ratio. */
    public Write plainRows() {
        return (board, intended) -> {
            writes.plainRow(board);
            return 0;
        };
    }

    /**
     * Writes at {@code rate} per second (unpaced when 0) for {@code duration} on {@code boards},
     * round-robin, with {@code writers} threads; returns when every write has completed.
     */
    public Run run(long[] boards, double rate, Duration duration, int writers, Write write) throws InterruptedException {
        Pacer pacer = Pacer.start(rate);
        long count = pacer.paced() ? Math.round(rate * duration.toNanos() / 1e9) : Long.MAX_VALUE;
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
                long board = boards[(int) (i % boards.length)];
                try {
                    written.add(new long[] {i, write.write(board, intended), board});
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
