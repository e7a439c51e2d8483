package io.syncline.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client of {@code /sync} over a plain socket with a small receive buffer, that can
 * stop reading for real: while it is paused it reads nothing from the socket, so the server's
 * sends back up after a few kilobytes — as with a reader on a slow or stalled network. (The JDK's
 * client keeps a receive buffer that grows to megabytes.) While paused it still sends a ping frame
 * every second, so that the server's read timeout does not drop it: a reader that stalls but talks.
 */
public final class StallingClient implements WebSocketClient {

    private static final int RECEIVE_BUFFER = 8 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final Object reading = new Object();
    private boolean paused; // guarded by reading
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor();
    private final SecureRandom random = new SecureRandom();

    private StallingClient(String user) throws IOException {
        URI uri = Server.webSocketUri();
        socket = new Socket();
        socket.setReceiveBufferSize(RECEIVE_BUFFER); // before connecting: it sets the window offered
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String handshake = "GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nAuthorization: " + Api.basic(user) + "\r\n\r\n";
        out.write(handshake.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + status);
        }
        Thread reader = new Thread(this::read, "stalling-client-" + user);
        reader.setDaemon(true);
        reader.start();
        keepAlive.scheduleWithFixedDelay(() -> {
            if (isPaused() && !closed.isDone()) {
                send("{\"op\":\"ping\",\"id\":\"keep-alive\"}");
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    public static StallingClient connect(String user) {
        try {
            return new StallingClient(user);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops reading from the socket (it keeps sending a ping frame every second). */
    public void pause() {
        synchronized (reading) {
            paused = true;
        }
    }

    public void resume() {
        synchronized (reading) {
            paused = false;
            reading.notifyAll();
        }
    }

    private boolean isPaused() {
        synchronized (reading) {
            return paused;
        }
    }

    /** Sends a text frame (masked, as a client must). */
    public synchronized void send(String text) {
        try {
            write(0x1, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<JsonObject> frames() {
        return List.copyOf(frames);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Waits until the server closed the connection; returns its close code and reason. */
    public String awaitClosed(Duration atMost) {
        try {
            return closed.copy().orTimeout(atMost.toMillis(), TimeUnit.MILLISECONDS).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new AssertionError("the server did not close the connection within " + atMost + "; " + this, e);
        }
    }

    @Override
    public String toString() {
        return frames.size() + " frames received" + (closed.isDone() ? ", closed " + closed.join() : ", open");
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
        try {
            socket.close();
        } catch (IOException e) {
            // gone already
        }
        closed.complete("1006 closed by the client");
    }

    private void read() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                synchronized (reading) {
                    while (paused) {
                        reading.wait();
                    }
                }
                int first = in.read();
                if (first < 0) {
                    closed.complete("1006 connection ended");
                    return;
                }
                int opcode = first & 0x0f;
                byte[] payload = payload();
                switch (opcode) {
                    case 0x0, 0x1 -> {
                        message.write(payload);
                        if ((first & 0x80) != 0) {
                            try (var json = Json.createReader(new StringReader(message.toString(StandardCharsets.UTF_8)))) {
                                frames.add(json.readObject());
                            }
                            message.reset();
                        }
                    }
                    case 0x8 -> {
                        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                        String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                        closed.complete(code + " " + reason);
                        socket.close();
                        return;
                    }
                    case 0x9 -> {
                        synchronized (this) {
                            write(0xA, payload); // pong
                        }
                    }
                    default -> {
                        // pong, binary: not expected from the server
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            closed.complete("1006 " + e);
        } finally {
            keepAlive.shutdownNow();
        }
    }

    private byte[] payload() throws IOException {
        int second = in.read();
        long length = second & 0x7f;
        if (length == 126) {
            length = ((long) in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        byte[] payload = new byte[(int) length];
        ((DataInputStream) in).readFully(payload);
        return payload;
    }

    private void write(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >> (8 * i)));
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection ended during the handshake");
            }
            headers.write(b);
            matched = (b == '\r' || b == '\n') && (matched % 2 == 0) == (b == '\r') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = headers.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf("\r\n"));
    }
}
