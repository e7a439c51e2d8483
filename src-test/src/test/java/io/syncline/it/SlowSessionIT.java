package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database work one session needs — here, finding the rows bob no longer may see once he is
 * removed from a board — never delays another session, and when it fails only that session is
 * closed. The test holds a lock on the card table (PostgreSQL) that bob's work waits for; the
 * writes that the other sessions see do not touch that table.
 */
@PostgresOnly
@ExtendWith(ArquillianExtension.class)
class SlowSessionIT {

    private final Api alice = new Api("alice");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void oneSessionWaitingForTheDatabaseDelaysNoOther() throws SQLException {
        long shared = sharedWithBob();
        long alicesOwn = alice.newBoard().getJsonNumber("id").longValue();
        try (SyncClient bob = SyncClient.subscribedTo("Card", "bob"); SyncClient bystander = boardWatcher(alicesOwn);
             Connection sql = connect()) {
            lockCards(sql);
            alice.expect(204, alice.send("DELETE", "api/boards/" + shared + "/members/bob", null));
            awaitWaitingForTheLock(sql);

            String name = rename(alicesOwn);

            bystander.awaitFrame(f -> "changes".equals(f.getString("type")) && f.toString().contains(name));
            assertThat(bob.isClosed()).isFalse();
            sql.rollback(); // the lock goes; bob's session catches up
            bob.awaitFrame(f -> "leave".equals(f.getString("type")));
        }
    }

    @Test
    @DisabledIfSystemProperty(named = "syncline.server", matches = "payara", disabledReason = OnPayara.KILLED_READ_RETRIED)
    void oneSessionWhoseDeliveryFailsIsClosedAndTheOthersReceiveTheTransaction() throws SQLException {
        long shared = sharedWithBob();
        List<SyncClient> bystanders = new ArrayList<>();
        try (SyncClient bob = SyncClient.subscribedTo("Card", "bob"); Connection sql = connect()) {
            for (int i = 0; i < 6; i++) {
                SyncClient bystander = SyncClient.connect("alice");
                bystander.send("{\"op\":\"subscribe\",\"id\":\"m\",\"entity\":\"Member\",\"filter\":{\"boardId\":{\"eq\":" + shared + "}}}");
                bystander.awaitFrame(f -> "subscribed".equals(f.getString("type")));
                bystanders.add(bystander);
            }
            lockCards(sql);
            alice.expect(204, alice.send("DELETE", "api/boards/" + shared + "/members/bob", null));
            // bob's session waits for the lock: its query fails when its connection is killed.
            int waiting = awaitWaitingForTheLock(sql);
            try (Statement kill = sql.createStatement()) {
                kill.execute("select pg_terminate_backend(" + waiting + ")");
            }

            assertThat(bob.awaitClosed()).startsWith("1011");
            for (SyncClient bystander : bystanders) {
                bystander.awaitChange(c -> "delete".equals(c.getString("op")) && "Member".equals(c.getString("entity")));
            }
            sql.rollback();
        } finally {
            bystanders.forEach(SyncClient::close);
        }
    }

    private long sharedWithBob() {
        long shared = alice.newBoard().getJsonNumber("id").longValue();
        alice.expect(204, alice.send("PUT", "api/boards/" + shared + "/members/bob", null));
        alice.newCard(shared, "bob sees this until he is removed");
        return shared;
    }

    private static SyncClient boardWatcher(long board) {
        SyncClient client = SyncClient.connect("alice");
        client.send("{\"op\":\"subscribe\",\"id\":\"b\",\"entity\":\"Board\",\"filter\":{\"id\":{\"eq\":" + board + "}}}");
        client.awaitFrame(f -> "subscribed".equals(f.getString("type")));
        return client;
    }

    private String rename(long board) {
        JsonObject current = alice.expect(200, alice.send("GET", "api/boards/" + board, null)).json();
        String name = "renamed " + java.util.UUID.randomUUID();
        alice.expect(200, alice.send("PUT", "api/boards/" + board, "{\"name\":\"" + name + "\"}",
                "If-Match", "\"" + current.getJsonNumber("version") + "\""));
        return name;
    }

    private static Connection connect() throws SQLException {
        Connection sql = DriverManager.getConnection(System.getProperty("syncline.db.url"), "postgres", "postgres");
        sql.setAutoCommit(false);
        return sql;
    }

    /** Takes a lock on the card table that every reader of it waits for, until rollback. */
    private static void lockCards(Connection sql) throws SQLException {
        try (Statement lock = sql.createStatement()) {
            lock.execute("lock table sl_card in access exclusive mode");
        }
    }

    /**
     * Waits until a server connection waits for the lock on this schema's card table (not any lock:
     * another server on the same database may be waiting for one of its own); returns its backend's pid.
     */
    private static int awaitWaitingForTheLock(Connection sql) {
        return await().atMost(SyncClient.TIMEOUT).until(() -> {
            try (Statement query = sql.createStatement();
                 ResultSet waiting = query.executeQuery("select pid from pg_locks where not granted"
                         + " and relation = 'sl_card'::regclass and pid <> pg_backend_pid()")) {
                return waiting.next() ? waiting.getInt(1) : 0;
            }
        }, pid -> pid > 0);
    }
}
