package io.syncline.bench;

import io.syncline.it.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * Many idle subscribers at the least cost to the client: plain non-blocking sockets on one
 * selector thread, each doing the WebSocket handshake (with its Authorization header), sending one
 * {@code subscribe} frame and then only reading (answering pings). The JDK's WebSocket client
 * costs about as much CPU per connection as the server does, and on a machine that the client
 * shares with the server it would measure itself; this one measures the server.
 *
 * <p>Only what idle subscribers need of the protocol: frames up to 64 KiB are taken whole, a
 * server frame is never masked, and nothing but {@code subscribed} is looked for in them.
 */
final class IdleSockets implements AutoCloseable {

    /** Handshakes under way at once at most. */
    private static final int IN_FLIGHT = 200;
    private static final byte[] SUBSCRIBED = "\"type\":\"subscribed\"".getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();
    private int subscribed;
    /** Reads on (pings, anything else the server sends) once all are subscribed, until {@link #close}. */
    private Thread reader;
    private volatile boolean closing;

    private IdleSockets() throws IOException {
        this.selector = Selector.open();
    }

    /**
     * Opens {@code count} connections to {@code /sync}, the i-th as {@code user.apply(i)} sending
     * {@code subscribe.apply(i)}; returns once each has its {@code subscribed} frame, or fails after
     * {@code atMost}.
     */
    static IdleSockets subscribe(int count, IntFunction<String> user, IntFunction<String> subscribe, Duration atMost) {
        try {
            IdleSockets sockets = new IdleSockets();
            sockets.run(count, user, subscribe, System.nanoTime() + atMost.toNanos());
            sockets.reader = new Thread(sockets::readOn, "bench-idle-sockets");
            sockets.reader.setDaemon(true);
            sockets.reader.start();
            return sockets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        return connections.size();
    }

    private void run(int count, IntFunction<String> user, IntFunction<String> subscribe, long deadline) throws IOException {
        URI uri = Server.webSocketUri("sync");
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        int opened = 0;
        while (subscribed < count) {
            while (opened < count && opened - subscribed < IN_FLIGHT) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.connect(address);
                Connection connection = new Connection(channel, handshake(uri, BenchHttp.basic(user.apply(opened))),
                        clientFrame(0x1, subscribe.apply(opened).getBytes(StandardCharsets.UTF_8)));
                connections.add(connection);
                channel.register(selector, SelectionKey.OP_CONNECT, connection);
                opened++;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(subscribed + " of " + count + " idle subscribers subscribed in time");
            }
            select();
        }
    }

    private void select() throws IOException {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
            ((Connection) key.attachment()).ready(key);
        }
        selector.selectedKeys().clear();
    }

    private void readOn() {
        try {
            while (!closing) {
                select();
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                System.out.println("  idle subscribers: " + e);
            }
        }
    }

    private static ByteBuffer handshake(URI uri, String authorization) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nAuthorization: " + authorization + "\r\n\r\n";
        return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    }

    /** A client frame: final, masked (as a client's must be), with a payload under 64 KiB. */
    private static ByteBuffer clientFrame(int opcode, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 8);
        frame.put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        return frame.flip();
    }

    /** Closes every connection with a close frame (best effort: idle sockets take it at once). */
    @Override
    public void close() {
        closing = true;
        if (reader != null) {
            selector.wakeup();
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection connection : connections) {
            try {
                if (connection.state == State.OPEN) {
                    connection.channel.write(clientFrame(0x8, new byte[] {0x03, (byte) 0xE8})); // 1000
                }
                connection.channel.close();
            } catch (IOException e) {
                // closed already
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // nothing held
        }
    }

    private enum State { CONNECTING, HANDSHAKE, SUBSCRIBING, OPEN }

    /** One connection: what it still has to write and what it has read and not yet used. */
    private final class Connection {
        private final SocketChannel channel;
        private final List<ByteBuffer> toWrite = new ArrayList<>();
        private final ByteBuffer subscribeFrame;
        private ByteBuffer in = ByteBuffer.allocate(1024);
        private State state = State.CONNECTING;

        Connection(SocketChannel channel, ByteBuffer handshake, ByteBuffer subscribeFrame) {
            this.channel = channel;
            this.toWrite.add(handshake);
            this.subscribeFrame = subscribeFrame;
        }

        void ready(SelectionKey key) {
            try {
                if (key.isConnectable() && channel.finishConnect()) {
                    state = State.HANDSHAKE;
                }
                if (key.isValid() && key.isReadable()) {
                    read();
                }
                if (key.isValid()) {
                    flush();
                    key.interestOps(SelectionKey.OP_READ | (toWrite.isEmpty() ? 0 : SelectionKey.OP_WRITE));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("an idle subscriber's connection failed in state " + state, e);
            }
        }

        private void flush() throws IOException {
            while (!toWrite.isEmpty()) {
                channel.write(toWrite.get(0));
                if (toWrite.get(0).hasRemaining()) {
                    return;
                }
                toWrite.remove(0);
            }
        }

        private void read() throws IOException {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            if (channel.read(in) < 0) {
                throw new IOException("closed by the server");
            }
            in.flip();
            if (state == State.HANDSHAKE) {
                int end = headersEnd();
                if (end < 0) {
                    in.compact();
                    return;
                }
                String headers = new String(in.array(), 0, end, StandardCharsets.US_ASCII);
                String status = headers.substring(0, headers.indexOf('\r'));
                if (!status.startsWith("HTTP/1.1 101")) {
                    throw new IOException("handshake refused: " + status);
                }
                in.position(end);
                toWrite.add(subscribeFrame);
                state = State.SUBSCRIBING;
            }
            while (takeFrame()) {
                // one frame taken
            }
            in.compact();
        }

        /** Where the handshake's response headers end in {@code in} (its start is at 0), or -1. */
        private int headersEnd() {
            byte[] bytes = in.array();
            for (int i = 3; i < in.limit(); i++) {
                if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n') {
                    return i + 1;
                }
            }
            return -1;
        }

        /** Takes one whole frame from {@code in}; false when it holds none. */
        private boolean takeFrame() {
            int start = in.position();
            if (in.remaining() < 2) {
                return false;
            }
            int opcode = in.get(start) & 0x0F;
            int length = in.get(start + 1) & 0x7F;
            int header = 2;
            if (length == 126) {
                if (in.remaining() < 4) {
                    return false;
                }
                length = in.getShort(start + 2) & 0xFFFF;
                header = 4;
            } else if (length == 127) {
                throw new IllegalStateException("an idle subscriber received a frame of 64 KiB or more");
            }
            if (in.remaining() < header + length) {
                return false;
            }
            byte[] payload = new byte[length];
            System.arraycopy(in.array(), start + header, payload, 0, length); // a heap buffer, from offset 0
            in.position(start + header + length);
            if (opcode == 0x9) {
                toWrite.add(clientFrame(0xA, payload)); // pong
            } else if (opcode == 0x1 && state == State.SUBSCRIBING && contains(payload, SUBSCRIBED)) {
                state = State.OPEN;
                subscribed++;
            }
            return true;
        }
    }

    private static boolean contains(byte[] text, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= text.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (text[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
