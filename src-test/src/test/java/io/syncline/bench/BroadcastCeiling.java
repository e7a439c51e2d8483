package io.syncline.bench;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw WebSocket broadcast ceiling of the server: as many sockets as the benchmark's
 * subscribers, on the test kit's bare endpoint, which sends them pre-built frames of a change
 * frame's size as fast as it can; the ceiling is the frames per second they receive.
 */
final class BroadcastCeiling {

    private final ServerProbe server;

    BroadcastCeiling(ServerProbe server) {
        this.server = server;
    }

    /** Frames received per second, and what it cost. */
    record Ceiling(long sent, long received, double framesPerSecond, CpuMeter.Usage cpu) {
    }

    Ceiling measure(int sockets, int frameChars, double seconds, SocketPool pool) {
        AtomicLong received = new AtomicLong();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong();
        pool.open(sockets, "testkit/broadcast", i -> null, i -> new TextListener() {
            @Override
            protected void message(String text, long arrivalMicros) {
                received.incrementAndGet();
                first.accumulateAndGet(arrivalMicros, Math::min);
                last.accumulateAndGet(arrivalMicros, Math::max);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> server.broadcastSessions() >= sockets);
        CpuMeter cpu = CpuMeter.start(server);
        long sent = server.broadcast(frameChars, seconds);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> received.get() >= sent);
        CpuMeter.Usage usage = cpu.stop();
        pool.close();
        double span = Math.max(1, last.get() - first.get()) / 1e6;
        return new Ceiling(sent, received.get(), received.get() / span, usage);
    }
}
