package io.syncline.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the server whose connections the test can cut, as a network that goes
 * down: every connection through it is reset at once, and new ones are reset as they come, until it
 * is restored; or freeze, as a peer that died without a word. A browser that loads the page through it loses its WebSocket and its requests fail,
 * as they would offline (the browser's own offline emulation leaves an open WebSocket alone).
 */
final class CuttableProxy implements AutoCloseable {

    private final URI target;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    /** While frozen, nothing passes and nothing is closed (guarded by passing). */
    private boolean frozen;
    private final Object passing = new Object();

    CuttableProxy(URI target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The server's address through this proxy (same host, the proxy's port). */
    URI uri() {
        return URI.create("http://" + target.getHost() + ":" + listener.getLocalPort() + "/");
    }

    /** The network goes down: open connections are reset, new ones too. */
    void cut() {
        cut = true;
        sockets.forEach(CuttableProxy::reset);
    }

    /** The network is back. */
    void restore() {
        cut = false;
        synchronized (passing) {
            frozen = false;
            passing.notifyAll();
        }
    }

    /**
     * The network goes silent: nothing passes either way and nothing is closed, as when the peer's
     * machine died or a cable was pulled. Neither side learns of it but by its own timeouts.
     */
    void freeze() {
        synchronized (passing) {
            frozen = true;
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    reset(client);
                    continue;
                }
                Socket server = new Socket(target.getHost(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // the listener closed, or the server refused: the browser sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    synchronized (passing) {
                        while (frozen) {
                            passing.wait();
                        }
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // reset or closed: the other side goes too
            } finally {
                reset(from);
                reset(to);
            }
        }, "proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // a reset, as a broken network gives, not an orderly close
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
