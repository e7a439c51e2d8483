package io.syncline.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * Two WildFly nodes on the full-ha profile, one database: the cluster the build provisions
 * ({@code syncline.cluster.home}, configured by install-syncline.cli, use-postgresql.cli and
 * cluster-syncline.cli, with a server directory per node). Both nodes run the demo with the test
 * kit, on a PostgreSQL database of their own ({@code syncline.test.cluster.db} on the server of
 * {@code syncline.db.url}) that is dropped and created again when the cluster starts. Public, as
 * {@link ClusterNode} is, for the cluster's benchmark in io.syncline.bench.
 */
public final class Cluster implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Cluster.class.getName());

    /** The nodes' lease (the product's default): how soon the survivor takes over. */
    static final Duration LEASE = Duration.ofSeconds(5);

    private final String databaseUrl;
    private final ClusterNode a;
    private final ClusterNode b;

    private Cluster(String databaseUrl, ClusterNode a, ClusterNode b) {
        this.databaseUrl = databaseUrl;
        this.a = a;
        this.b = b;
    }

    /**
     * Creates the database, starts node A and then node B (one after the other: on a new database
     * the first creates the tables), and returns once both brokers see each other.
     */
    static Cluster start() throws Exception {
        return start(List.of());
    }

    /** {@link #start()}, with more {@code -Dname=value} server properties on both nodes. */
    public static Cluster start(List<String> moreProperties) throws Exception {
        Path home = Path.of(System.getProperty("syncline.cluster.home"));
        String server = System.getProperty("syncline.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String url = server.substring(0, server.lastIndexOf('/') + 1) + System.getProperty("syncline.test.cluster.db", "syncline_cluster");
        recreateDatabase(url);
        int offset = Integer.getInteger("syncline.port.offset", 0);
        List<String> properties = new ArrayList<>(List.of(
                "-Djboss.messaging.cluster.password=" + System.getProperty("syncline.cluster.password", "cluster-tests"),
                "-Dsyncline.db.url=" + url,
                // The nodes find each other by UDP multicast: another checkout's cluster needs another address.
                "-Djboss.default.multicast.address=" + System.getProperty("syncline.test.cluster.multicast", "230.0.0.4"),
                "-Dsyncline.sequencer.lease=" + LEASE,
                "-Dsyncline.demo-users=true",
                "-Dsyncline.heartbeat=PT1S",
                "-Dio.undertow.websockets.core.read-timeout=5000",
                "-Dsyncline.send-timeout=PT10S"));
        properties.addAll(moreProperties);
        ClusterNode a = new ClusterNode("node-a", home, home.resolve("node-a"), offset, properties);
        ClusterNode b = new ClusterNode("node-b", home, home.resolve("node-b"), offset + 100, properties);
        Path ear = home.resolve("syncline.ear");
        Deployments.synclineWithTestkit().as(ZipExporter.class).exportTo(ear.toFile(), true);
        Cluster cluster = new Cluster(url, a, b);
        try {
            for (ClusterNode node : cluster.nodes()) {
                node.install(ear);
                node.start();
            }
            cluster.awaitBridged();
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        Files.deleteIfExists(ear);
        return cluster;
    }

    ClusterNode a() {
        return a;
    }

    ClusterNode b() {
        return b;
    }

    List<ClusterNode> nodes() {
        return List.of(a, b);
    }

    public ClusterNode other(ClusterNode node) {
        return node == a ? b : a;
    }

    /** Waits until each running node's broker sees the other's: the bridges carry the topic between them. */
    void awaitBridged() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> a.brokersInTopology() == 2 && b.brokersInTopology() == 2);
    }

    /** Who holds the sequencer lease, as the journal's state row says (the node name, then a random suffix). */
    String leaseOwner() {
        return query("SELECT OWNER FROM SL_SEQUENCER", rows -> rows.next() ? rows.getString(1) : null);
    }

    /** The node whose sequencer holds the lease. */
    public ClusterNode leader() {
        String owner = leaseOwner();
        return nodes().stream().filter(node -> owner != null && owner.startsWith(node.name() + "-")).findFirst()
                .orElseThrow(() -> new AssertionError("no node holds the lease: " + owner));
    }

    /** The last offset given out. */
    long lastOffset() {
        return query("SELECT LAST_OFFSET FROM SL_SEQUENCER", rows -> rows.next() ? rows.getLong(1) : 0L);
    }

    /** How many journaled changes wait for their offset. */
    long unnumbered() {
        return query("SELECT COUNT(*) FROM SL_JOURNAL WHERE JOURNAL_OFFSET IS NULL", rows -> rows.next() ? rows.getLong(1) : 0L);
    }

    /** The offsets of the journal's changes of the cards of {@code board}, in order: what its subscribers must receive. */
    List<Long> cardOffsets(long board) {
        return column("SELECT JOURNAL_OFFSET FROM SL_JOURNAL WHERE ENTITY = 'Card' AND JOURNAL_OFFSET IS NOT NULL"
                + " AND CAST(DATA AS jsonb) ->> 'boardId' = '" + board + "' ORDER BY JOURNAL_OFFSET").stream().map(Long::valueOf).toList();
    }

    /** The keys of the cards of {@code board} the journal holds an insert of. */
    List<String> insertedCards(long board) {
        return column("SELECT ENTITY_KEY FROM SL_JOURNAL WHERE ENTITY = 'Card' AND OP = 'insert'"
                + " AND CAST(DATA AS jsonb) ->> 'boardId' = '" + board + "'");
    }

    /**
     * The database goes away until the returned outage is closed: it refuses new connections, and
     * every open one is killed.
     */
    Outage takeDatabaseAway() throws SQLException {
        String name = databaseName(databaseUrl);
        Connection admin = DriverManager.getConnection(adminUrl(databaseUrl), "postgres", "");
        try (Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
            int killed = 0;
            try (ResultSet terminated = sql.executeQuery(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'")) {
                while (terminated.next()) {
                    killed += terminated.getBoolean(1) ? 1 : 0;
                }
            }
            return new Outage(admin, name, killed);
        } catch (SQLException | RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    /** The database away: {@link #close()} lets it take connections again. */
    record Outage(Connection admin, String database, int killed) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try (Connection connection = admin; Statement sql = connection.createStatement()) {
                sql.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
            }
        }
    }

    @Override
    public void close() {
        for (ClusterNode node : nodes()) {
            node.close();
        }
    }

    @FunctionalInterface
    interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** The first column of every row {@code sql} selects, as text. */
    private List<String> column(String sql) {
        return query(sql, rows -> {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        });
    }

    private <T> T query(String sql, Rows<T> rows) {
        try (Connection connection = DriverManager.getConnection(databaseUrl, "postgres", "");
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            return rows.read(result);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void recreateDatabase(String url) throws SQLException {
        String name = databaseName(url);
        try (Connection admin = DriverManager.getConnection(adminUrl(url), "postgres", "");
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + name);
        }
        LOG.info(() -> "The cluster tests start from an empty database " + name);
    }

    /** The database's name: the path of its URL, a plain lower-case name. */
    private static String databaseName(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("syncline.test.cluster.db must be a plain lower-case name: " + url);
        }
        return name;
    }

    /** The same server's maintenance database, from which the test's database is created and locked. */
    private static String adminUrl(String url) {
        return url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    }
}
