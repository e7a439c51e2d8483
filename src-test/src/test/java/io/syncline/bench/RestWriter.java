package io.syncline.bench;

import io.syncline.testkit.PacedWriter;
import io.syncline.testkit.Pacer;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Writes cards through the demo's REST API ({@code POST api/boards/{id}/cards}) at a fixed rate,
 * open-loop: the i-th write is due at {@code start + i / rate} and keeps that intended start in its
 * title even when all {@code writers} connections are busy and it has to wait for one (no
 * coordinated omission). Boards are taken round-robin.
 */
final class RestWriter {

    private final BenchHttp http;
    private final int writers;

    RestWriter(BenchHttp http, int writers) {
        this.http = http;
        this.writers = writers;
    }

    /** What one run wrote, how long it took, and how long each request took from its intended start to its answer. */
    record Run(WrittenCards cards, long elapsedMicros, long errors, String firstError, Histogram response) implements Writes {
    }

    Run run(List<Long> boards, double rate, double seconds) {
        long count = Math.round(rate * seconds);
        Semaphore connections = new Semaphore(writers);
        WrittenCards cards = new WrittenCards();
        Histogram response = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CompletableFuture<?>[] writes = new CompletableFuture<?>[(int) count];
        Pacer pacer = Pacer.start(rate);
        for (int i = 0; i < count; i++) {
            long intended = pacer.awaitTurn(i);
            connections.acquireUninterruptibly();
            long board = boards.get(i % boards.size());
            HttpRequest request = http.request("api/boards/" + board + "/cards").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + PacedWriter.TITLE_PREFIX + intended
                            + "\",\"status\":\"todo\",\"position\":0}")).build();
            writes[i] = http.sendAsync(request).whenComplete((body, error) -> {
                connections.release();
                if (error != null) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, error.toString());
                    return;
                }
                long answered = Pacer.epochMicros();
                synchronized (response) {
                    response.recordValue(Math.max(0, Math.min(response.getHighestTrackableValue(), answered - intended)));
                }
                cards.add(board, BenchHttp.object(body).getJsonNumber("id").longValue());
            });
        }
        CompletableFuture.allOf(writes).exceptionally(error -> null).join();
        return new Run(cards, pacer.elapsedMicros(), errors.get(), firstError.get(), response);
    }
}
