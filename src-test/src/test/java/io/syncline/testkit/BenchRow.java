package io.syncline.testkit;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A row shaped like a card but not synced, in a persistence unit of its own ({@code bench}, same
 * datasource, no Syncline listener): the baseline that prices what capture adds to a write.
 */
@Entity
@Table(name = "SL_BENCH_ROW")
public class BenchRow {

    @Id
    @SequenceGenerator(name = "bench", sequenceName = "SL_BENCH_ROW_SEQ", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "bench")
    private Long id;

    private long boardId;
    private String title;
    private String status;
    private int position;

    @Version
    private long version;

    protected BenchRow() {
    }

    public BenchRow(long boardId, String title) {
        this.boardId = boardId;
        this.title = title;
        this.status = "todo";
    }
}
