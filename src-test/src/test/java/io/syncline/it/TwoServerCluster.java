package io.syncline.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two servers of one Syncline application on one PostgreSQL database, and what the tests read
 * from that database: who holds the sequencer's lease, and the journal's offsets. Public, as the
 * members are, for the cluster's benchmark in io.syncline.bench.
 */
public abstract class TwoServerCluster<N extends ClusterMember> implements AutoCloseable {

    private final String databaseUrl;
    private final N a;
    private final N b;

    /** {@code databaseUrl}: the database both use, whose tables the tests read by their plain names. */
    protected TwoServerCluster(String databaseUrl, N a, N b) {
        this.databaseUrl = databaseUrl;
        this.a = a;
        this.b = b;
    }

    N a() {
        return a;
    }

    N b() {
        return b;
    }

    List<N> nodes() {
        return List.of(a, b);
    }

    public N other(N node) {
        return node == a ? b : a;
    }

    String databaseUrl() {
        return databaseUrl;
    }

    /** Who holds the sequencer lease, as the journal's state row says (the server's name, then a random suffix). */
    String leaseOwner() {
        return query("SELECT OWNER FROM SL_SEQUENCER", rows -> rows.next() ? rows.getString(1) : null);
    }

    /** The server whose sequencer holds the lease. */
    public N leader() {
        String owner = leaseOwner();
        return nodes().stream().filter(node -> owner != null && owner.startsWith(node.name() + "-")).findFirst()
                .orElseThrow(() -> new AssertionError("no server of " + nodes() + " holds the lease: " + owner));
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

    @Override
    public abstract void close();

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
}
