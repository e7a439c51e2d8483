package io.syncline.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
public final class Cluster extends TwoServerCluster<ClusterNode> {

    private static final Logger LOG = Logger.getLogger(Cluster.class.getName());

    /** The nodes' lease (the product's default): how soon the survivor takes over. */
    static final Duration LEASE = Duration.ofSeconds(5);

    private Cluster(String databaseUrl, ClusterNode a, ClusterNode b) {
        super(databaseUrl, a, b);
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

    /** Waits until each running node's broker sees the other's: the bridges carry the topic between them. */
    void awaitBridged() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> a().brokersInTopology() == 2 && b().brokersInTopology() == 2);
    }

    /**
     * The database goes away until the returned outage is closed: it refuses new connections, and
     * every open one is killed.
     */
    Outage takeDatabaseAway() throws SQLException {
        String name = databaseName(databaseUrl());
        Connection admin = DriverManager.getConnection(adminUrl(databaseUrl()), "postgres", "");
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
