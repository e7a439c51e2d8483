package io.syncline.journal;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.io.Serializable;

/**
 * One captured change, written in the same transaction as the data change (the outbox). It has no
 * offset until the sequencer numbers it, which it does only once the transaction has committed.
 */
@Entity
@IdClass(JournalEntry.Id.class)
@Table(name = "SL_JOURNAL", indexes = {
        @Index(name = "SL_JOURNAL_OFFSET", columnList = "JOURNAL_OFFSET", unique = true),
        @Index(name = "SL_JOURNAL_CAPTURED", columnList = "CAPTURED_AT"),
        @Index(name = "SL_JOURNAL_ROW", columnList = "ENTITY, ENTITY_KEY")})
public class JournalEntry {

    @jakarta.persistence.Id
    @Column(name = "TX_ID", length = 32)
    private String tx;

    /**
     * A value of the database sequence {@code sl_journal_index}, drawn when the row is written —
     * for a change the entity listener captured, just before its transaction commits; for one a
     * trigger captured, at its statement — so after the change's row lock: the change's place in
     * its transaction, and for a transaction without {@link #commitSeq} its place among
     * transactions.
     */
    @jakarta.persistence.Id
    @Column(name = "TX_INDEX")
    private long index;

    /**
     * The commit stamp of a trigger's row that the entity listener completed: a value of the same
     * sequence, drawn just before the transaction commits (plain SQL captured by a trigger alone has
     * none). A transaction's key is the highest of its rows' stamps and indexes: one that waited for
     * another's row lock draws it after the other committed, so it sorts after it (see
     * {@code Sequencing.committedInOrder}).
     */
    @Column(name = "COMMIT_SEQ")
    private Long commitSeq;

    @Column(name = "JOURNAL_OFFSET")
    private Long offset;

    @Column(name = "ENTITY", nullable = false, length = 100)
    private String entity;

    @Column(name = "ENTITY_KEY", nullable = false, length = 100)
    private String key;

    @Column(name = "OP", nullable = false, length = 10)
    private String op;

    @Column(name = "VERSION", nullable = false)
    private long version;

    @Lob
    @Column(name = "DATA")
    private String data;

    /**
     * {@code orm}: captured by the entity listener, {@code data} is the row's representation.
     * {@code sql}: captured by a database trigger, {@code data} is the raw row until the sequencer
     * turns it into the representation.
     */
    @Column(name = "ORIGIN", length = 10)
    private String origin;

    /** Epoch milliseconds (EclipseLink 4.0 would store an Instant as a serialized blob). */
    @Column(name = "CAPTURED_AT", nullable = false)
    private long capturedAt;

    /**
     * When the transaction committed, in epoch microseconds: taken as the entity listener's changes
     * are journaled, just before the commit. Null for a change captured by a trigger alone (its
     * capture time stands in).
     */
    @Column(name = "COMMITTED_AT")
    private Long committedAt;

    /** ORIGIN of a trigger's row whose data is still the raw row. */
    public static final String RAW_ORIGIN = "sql-raw";
    /** ORIGIN of a trigger's row once represented. */
    static final String TRIGGER = "sql";

    protected JournalEntry() {
    }

    public String tx() {
        return tx;
    }

    public long index() {
        return index;
    }

    /** True while {@code data} holds a trigger's raw row rather than the row's representation. */
    boolean rawRow() {
        return RAW_ORIGIN.equals(origin) && data != null;
    }

    String data() {
        return data;
    }

    String entity() {
        return entity;
    }

    /** Replaces a trigger's raw row with the row's representation. */
    void represent(String representation) {
        this.data = representation;
        this.origin = TRIGGER;
    }

    public Long offset() {
        return offset;
    }

    void assign(long offset) {
        this.offset = offset;
    }

    /** When the change's transaction committed (epoch microseconds; see {@link #committedAt}). */
    long committedAt() {
        return committedAt != null ? committedAt : capturedAt * 1000;
    }

    public EntityChange change() {
        return new EntityChange(ChangeOp.fromWireName(op), entity, key, version, data);
    }

    /** The composite key: the transaction's id and the change's place in it. */
    public static class Id implements Serializable {
        private String tx;
        private long index;

        public Id() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Id other && other.tx.equals(tx) && other.index == index;
        }

        @Override
        public int hashCode() {
            return tx.hashCode() * 31 + Long.hashCode(index);
        }
    }
}
