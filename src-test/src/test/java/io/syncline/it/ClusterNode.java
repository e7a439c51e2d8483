package io.syncline.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.wildfly.core.launcher.Launcher;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

/**
 * One WildFly node of the test cluster: a server directory of its own ({@code jboss.server.base.dir})
 * in a shared installation, started on the full-ha profile as an admin starts a node (README, "Run a
 * cluster"), killed with SIGKILL or stopped, and asked through its management API as the CLI asks.
 */
public final class ClusterNode implements ClusterMember, AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(180);
    private static final String DEPLOYMENT = "syncline.ear";

    private final String name;
    private final Path home;
    private final Path baseDir;
    private final int portOffset;
    private final List<String> serverProperties;
    private Process process;
    private ModelControllerClient management;

    /**
     * @param serverProperties {@code -Dname=value} arguments of the server beside the node's own
     *                         (node name, transaction node id, port offset)
     */
    ClusterNode(String name, Path home, Path baseDir, int portOffset, List<String> serverProperties) {
        this.name = name;
        this.home = home;
        this.baseDir = baseDir;
        this.portOffset = portOffset;
        this.serverProperties = List.copyOf(serverProperties);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI baseUri() {
        return URI.create("http://localhost:" + (8080 + portOffset) + "/");
    }

    /** Puts the application into the node's deployments directory: the node deploys it as it starts. */
    void install(Path ear) {
        try {
            Files.copy(ear, baseDir.resolve("deployments").resolve(DEPLOYMENT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the node and returns once it runs with the application deployed. */
    void start() {
        StandaloneCommandBuilder command = StandaloneCommandBuilder.of(home)
                .setBaseDirectory(baseDir)
                .setServerConfiguration("standalone-full-ha.xml")
                .addJavaOptions("-Xms256m", "-Xmx768m", "-Djava.net.preferIPv4Stack=true");
        // The test command's own JVM options for its servers (C1 only), none for the benchmarks.
        for (String option : System.getProperty("syncline.test.server.jvm", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.addJavaOptions(option);
            }
        }
        List<String> arguments = new ArrayList<>(serverProperties);
        arguments.add("-Djboss.node.name=" + name);
        arguments.add("-Djboss.tx.node.id=" + name);
        arguments.add("-Djboss.socket.binding.port-offset=" + portOffset);
        command.addServerArguments(arguments);
        try {
            process = Launcher.of(command)
                    .setRedirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(baseDir.resolve("console.log").toFile()))
                    .launch();
            management = ModelControllerClient.Factory.create("remote+http", "localhost", 9990 + portOffset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitRunning();
        ModelNode status = execute(Operations.createReadAttributeOperation(
                Operations.createAddress("deployment", DEPLOYMENT), "status"));
        if (!"OK".equals(status.asString())) {
            throw new AssertionError(name + " started but " + DEPLOYMENT + " is " + status + "; see " + baseDir.resolve("log/server.log"));
        }
    }

    /**
     * Waits until the server says it is running (its boot, deployments included, is over), as long
     * as the process lives.
     */
    private void awaitRunning() {
        try {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + baseDir.resolve("console.log"));
                }
                ModelNode state = management.execute(Operations.createReadAttributeOperation(new ModelNode().setEmptyList(), "server-state"));
                return Operations.isSuccessfulOutcome(state) && "running".equals(Operations.readResult(state).asString());
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not start within " + STARTUP + "; see " + baseDir.resolve("console.log"), e);
        }
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** kill -9: the JVM dies at once, its sockets closed by the kernel, nothing shut down. */
    void kill() {
        Process dying = process;
        closeManagement();
        process = null;
        if (dying != null) {
            dying.destroyForcibly();
            awaitExit(dying);
        }
    }

    /** Stops the node as an admin does (SIGTERM: WildFly shuts down in order), and kills it if that hangs. */
    void stop() {
        Process stopping = process;
        closeManagement();
        process = null;
        if (stopping != null) {
            stopping.destroy();
            try {
                if (!stopping.waitFor(60, TimeUnit.SECONDS)) {
                    stopping.destroyForcibly();
                    awaitExit(stopping);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Runs a management operation and returns its result; fails on a failed outcome. */
    ModelNode execute(ModelNode operation) {
        try {
            ModelNode outcome = management.execute(operation);
            if (!Operations.isSuccessfulOutcome(outcome)) {
                throw new AssertionError(name + ": " + operation + " failed: " + Operations.getFailureDescription(outcome));
            }
            return Operations.readResult(outcome);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address of the Artemis cluster connection of the full-ha profile. */
    static ModelNode clusterConnection() {
        return Operations.createAddress("subsystem", "messaging-activemq", "server", "default", "cluster-connection", "my-cluster");
    }

    /** How many brokers this node's Artemis cluster connection sees, itself included. */
    int brokersInTopology() {
        ModelNode nodes = execute(Operations.createOperation("get-nodes", clusterConnection()));
        return nodes.isDefined() ? nodes.keys().size() + 1 : 1;
    }

    private void closeManagement() {
        if (management != null) {
            try {
                management.close();
            } catch (IOException e) {
                // the node is going away
            }
            management = null;
        }
    }

    private static void awaitExit(Process process) {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " at " + baseUri();
    }
}
