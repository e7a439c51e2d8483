package io.syncline.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        Path file = file();
        return new ServerLog(file, Files.exists(file) ? Files.size(file) : 0);
    }

    /** The whole log of this server's run. */
    static ServerLog whole() {
        return new ServerLog(file(), 0);
    }

    /** {@code syncline.server.log} where the pass names it (Payara's domain log), else WildFly's. */
    private static Path file() {
        String named = System.getProperty("syncline.server.log");
        return named != null ? Path.of(named) : Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
    }

    /** Whether a record of either server's log reports an error (WildFly: ERROR, Payara: SEVERE). */
    static boolean isError(String record) {
        return record.contains(" ERROR ") || record.contains("[SEVERE]");
    }

    /**
     * The records logged since {@link #fromNow()}: a line that starts with white space belongs to
     * the record before it (a stack trace; on Payara, every message, which follows its level's line).
     */
    List<String> recordsSince() {
        List<String> records = new ArrayList<>();
        for (String line : linesSince()) {
            if (!records.isEmpty() && !line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
                records.set(records.size() - 1, records.get(records.size() - 1) + "\n" + line);
            } else {
                records.add(line);
            }
        }
        return records;
    }

    /** The lines logged since {@link #fromNow()}. */
    private List<String> linesSince() {
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
