package io.syncline.bench;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Many WebSockets of the benchmark's client, spread over several JDK HTTP clients (each has one
 * selector thread, and a small pool of its own for the listeners), so that the client does not
 * bottleneck on one thread. Opens at most {@value #IN_FLIGHT} handshakes at once.
 */
final class SocketPool implements AutoCloseable {

    private static final int IN_FLIGHT = 200;

    private final List<HttpClient> clients = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();

    SocketPool(int clientCount, int threadsPerClient) {
        for (int i = 0; i < clientCount; i++) {
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threadsPerClient, threadsPerClient, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, "bench-socket-listener");
                        thread.setDaemon(true);
                        return thread;
                    });
            executor.allowCoreThreadTimeOut(true); // idle once the sockets are closed: the threads end by themselves
            clients.add(HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(30)).build());
        }
    }

    /**
     * Opens {@code count} WebSockets at {@code path} as {@code user.apply(i)} (none when null), the
     * i-th with the listener {@code listener.apply(i)}; returns them in that order.
     */
    List<WebSocket> open(int count, String path, IntFunction<String> user, IntFunction<WebSocket.Listener> listener) {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquireUninterruptibly();
            HttpClient client = clients.get(i % clients.size());
            opening.add(BenchHttp.webSocket(client, path, user.apply(i), listener.apply(i))
                    .whenComplete((socket, error) -> inFlight.release()));
        }
        List<WebSocket> opened = new ArrayList<>();
        for (CompletableFuture<WebSocket> socket : opening) {
            opened.add(socket.join());
        }
        synchronized (sockets) {
            sockets.addAll(opened);
        }
        return opened;
    }

    /** Closes every socket with a normal close; returns once every close frame is sent. */
    @Override
    public void close() {
        List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
        synchronized (sockets) {
            for (WebSocket socket : sockets) {
                closing.add(socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(error -> null));
            }
            sockets.clear();
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
    }
}
