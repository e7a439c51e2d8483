package io.syncline.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The single row that makes one sequencer the only one: who holds the lease and until when, and
 * the journal's watermarks. The sequencer locks it in every transaction that numbers changes, so
 * a sequencer whose lease has passed to another cannot number anything.
 */
@Entity
@Table(name = "SL_SEQUENCER")
public class SequencerState {

    static final long ROW = 1;

    @Id
    private long id = ROW;

    @Column(name = "OWNER", length = 100)
    private String owner;

    /** Epoch milliseconds; 0 when nobody holds the lease. */
    @Column(name = "LEASE_UNTIL", nullable = false)
    private long leaseUntil;

    /** The last offset given out. */
    @Column(name = "LAST_OFFSET", nullable = false)
    private long lastOffset;

    /** The last offset published to the topic. */
    @Column(name = "PUBLISHED_OFFSET", nullable = false)
    private long publishedOffset;

    /** The journal's identity (see {@code Sequencing.journalId}); null until first asked. */
    @Column(name = "JOURNAL_ID", length = 36)
    private String journalId;

    /** Offsets up to this one may have been purged. */
    @Column(name = "PURGED_OFFSET", nullable = false)
    private long purgedOffset;

    protected SequencerState() {
    }

    static SequencerState first() {
        return new SequencerState();
    }

    boolean heldBy(String candidate, Instant now) {
        return candidate.equals(owner) && leaseUntil > now.toEpochMilli();
    }

    boolean claimableBy(String candidate, Instant now) {
        return owner == null || candidate.equals(owner) || leaseUntil <= now.toEpochMilli();
    }

    long leaseUntil() {
        return leaseUntil;
    }

    void lease(String newOwner, Instant until) {
        this.owner = newOwner;
        this.leaseUntil = until == null ? 0 : until.toEpochMilli();
    }

    public String owner() {
        return owner;
    }

    public long lastOffset() {
        return lastOffset;
    }

    void lastOffset(long offset) {
        this.lastOffset = offset;
    }

    public long publishedOffset() {
        return publishedOffset;
    }

    void publishedOffset(long offset) {
        this.publishedOffset = Math.max(publishedOffset, offset);
    }

    String journalId() {
        return journalId;
    }

    void journalId(String id) {
        this.journalId = id;
    }

    public long purgedOffset() {
        return purgedOffset;
    }

    void purgedOffset(long offset) {
        this.purgedOffset = Math.max(purgedOffset, offset);
    }
}
