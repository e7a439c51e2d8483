package io.syncline.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides, before anything is deployed, whether a test class runs in this pass: in the PostgreSQL
 * and cluster passes only when PostgreSQL answers; {@link PostgresOnly} classes only in the PostgreSQL
 * pass; {@link ClusterOnly} classes only in the cluster pass, and no other class there. Registered
 * for every test class (META-INF/services, junit-platform.properties).
 */
public class DatabaseCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String database = System.getProperty("syncline.database", "h2");
        boolean clusterPass = "cluster".equals(database);
        boolean clusterOnly = context.getTestClass().map(c -> c.isAnnotationPresent(ClusterOnly.class)).orElse(false);
        if (clusterOnly != clusterPass) {
            return ConditionEvaluationResult.disabled(clusterOnly ? "runs in the cluster pass" : "runs on one server");
        }
        boolean postgres = "postgresql".equals(database) || clusterPass; // the cluster runs on PostgreSQL
        boolean postgresOnly = context.getTestClass().map(c -> c.isAnnotationPresent(PostgresOnly.class)).orElse(false);
        if (!postgres) {
            return postgresOnly
                    ? ConditionEvaluationResult.disabled("runs in the PostgreSQL pass")
                    : ConditionEvaluationResult.enabled("H2 pass");
        }
        String url = System.getProperty("syncline.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
        URI address = URI.create(url.substring("jdbc:".length()));
        int port = address.getPort() < 0 ? 5432 : address.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHost(), port), 2000);
            return ConditionEvaluationResult.enabled("PostgreSQL answers at " + address.getHost() + ":" + port);
        } catch (IOException e) {
            return ConditionEvaluationResult.disabled("PostgreSQL does not answer at " + address.getHost() + ":" + port);
        }
    }
}
