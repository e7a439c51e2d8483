package io.syncline.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The deployment group of the Payara domain the build provisions: two instances, syncline-a and
 * syncline-b, created by cluster-syncline.asadmin, which share the DAS's OpenMQ broker and its
 * database (schema {@code syncline.test.payara.schema} of {@code syncline.test.db.url}, emptied
 * first). {@link #start()} deploys the EAR the build made to the group and starts the group, as the
 * README says an admin does; {@link #close()} kills the instances.
 */
final class PayaraCluster extends TwoServerCluster<PayaraInstance> {

    private static final Logger LOG = Logger.getLogger(PayaraCluster.class.getName());
    private static final String GROUP = "syncline-group";
    private static final String APPLICATION = "syncline-group-test";
    private static final Duration ADMIN_TIMEOUT = Duration.ofMinutes(4);

    private final Path asadmin;
    private final int adminPort;

    private PayaraCluster(String databaseUrl, Path asadmin, int adminPort, PayaraInstance a, PayaraInstance b) {
        super(databaseUrl, a, b);
        this.asadmin = asadmin;
        this.adminPort = adminPort;
    }

    static PayaraCluster start() throws SQLException {
        Path asadmin = Path.of(System.getProperty("syncline.payara.home")).resolve("bin/asadmin");
        int adminPort = Integer.getInteger("syncline.payara.admin.port", 4848);
        String server = System.getProperty("syncline.test.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String schema = System.getProperty("syncline.test.payara.schema", "syncline_payara");
        PostgresTestSchema.recreate(server, schema);
        PayaraCluster cluster = new PayaraCluster(server + "?currentSchema=" + schema, asadmin, adminPort,
                instance(asadmin, adminPort, "syncline-a"), instance(asadmin, adminPort, "syncline-b"));
        try {
            // Deployed first, then started: each instance loads the application as it starts (the DAS
            // creates the tables, in its own database, which is the instances'). --force: over an
            // earlier run's deployment of the same domain.
            long deploying = System.nanoTime();
            cluster.asadmin("deploy", "--force", "--target", GROUP, "--name", APPLICATION, System.getProperty("syncline.ear"));
            long starting = System.nanoTime();
            cluster.asadmin("start-deployment-group", GROUP);
            for (PayaraInstance instance : cluster.nodes()) {
                awaitServing(instance);
            }
            LOG.info(() -> "The application was deployed to the deployment group in " + millis(deploying, starting)
                    + " ms, and the group started and served it in " + millis(starting, System.nanoTime()) + " ms");
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * The instance's HTTP port, as the domain says: create-instance gave each its own when the
     * config's default (28080) was taken, as a property of the instance, else it has its config's.
     */
    private static PayaraInstance instance(Path asadmin, int adminPort, String name) {
        String port = get(asadmin, adminPort, "servers.server." + name + ".system-property.HTTP_LISTENER_PORT.value");
        if (port == null) {
            port = get(asadmin, adminPort, "configs.config." + name + "-config.system-property.HTTP_LISTENER_PORT.value");
        }
        if (port == null) {
            throw new AssertionError("the domain names no HTTP port of instance " + name + " (was cluster-syncline.asadmin run?)");
        }
        return new PayaraInstance(name, Integer.parseInt(port));
    }

    /** The value of a dotted name of the domain's configuration, or null where it has none. */
    private static String get(Path asadmin, int adminPort, String dottedName) {
        Result result = run(asadmin, adminPort, List.of("get", dottedName));
        if (result.exitCode() != 0) {
            return null;
        }
        return result.output().lines().filter(line -> line.startsWith(dottedName + "=")).findFirst()
                .map(line -> line.substring(dottedName.length() + 1).trim()).orElse(null);
    }

    /** Waits until the instance serves the application: its meters answer. */
    private static void awaitServing(PayaraInstance instance) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> instance.metrics().scrape().values().containsKey("syncline_sequencer_leader"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(instance + " does not serve the application; see its server.log under the domain's nodes/", e);
        }
    }

    /** Kills the instances (of no use after the test: not shut down in order); the deployment stays. */
    @Override
    public void close() {
        asadmin("stop-deployment-group", "--kill", GROUP);
    }

    private void asadmin(String... arguments) {
        Result result = run(asadmin, adminPort, List.of(arguments));
        if (result.exitCode() != 0) {
            throw new AssertionError("asadmin " + String.join(" ", arguments) + " failed (" + result.exitCode() + "): " + result.output());
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path asadmin, int adminPort, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(asadmin.toString(), "--port", Integer.toString(adminPort)));
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes(); // until asadmin exits
            if (!process.waitFor(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + ADMIN_TIMEOUT);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
