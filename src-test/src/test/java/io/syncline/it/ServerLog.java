package io.syncline.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The managed server's log (the test JVM runs on the same machine): what it logged since a point in a test. */
final class ServerLog {

    private final Path file;
    private final long start;

    private ServerLog(Path file, long start) {
        this.file = file;
        this.start = start;
    }

    /** Marks the end of the log as it is now. */
    static ServerLog fromNow() throws IOException {
        Path file = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
        return new ServerLog(file, Files.exists(file) ? Files.size(file) : 0);
    }

    /** The whole log of this server's run. */
    static ServerLog whole() {
        return new ServerLog(Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log"), 0);
    }

    /** The lines logged since {@link #fromNow()}. */
    List<String> linesSince() {
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long length = log.length();
            byte[] bytes = new byte[(int) Math.max(0, length - start)];
            log.seek(Math.min(start, length));
            log.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
