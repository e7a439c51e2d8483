package io.syncline.demo.board;

import io.syncline.Filterable;
import io.syncline.Synced;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A card on a board: {@code {"id","boardId","title","status","position","version"}} on the wire,
 * in REST bodies and in the {@code data} of change frames alike.
 */
@Entity
@Synced(filterable = {
        @Filterable("id"), @Filterable(value = "boardId", path = "board.id"),
        @Filterable("title"), @Filterable("status"), @Filterable("position")})
@Table(name = "SL_CARD")
@JsonbPropertyOrder({"id", "boardId", "title", "status", "position", "version"})
public class Card {

    @Id
    @SequenceGenerator(name = "card", sequenceName = "SL_CARD_SEQ", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "card")
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "BOARD_ID", nullable = false, updatable = false)
    private Board board;

    @Column(nullable = false, length = CardContent.MAX_TITLE_LENGTH)
    private String title;

    @Column(nullable = false, length = 10)
    private String status;

    private int position;

    @Version
    private long version;

    protected Card() {
    }

    public Card(Board board, CardContent content) {
        this.board = board;
        apply(content);
    }

    /** Replaces what a client may edit: title, status and position. */
    public void apply(CardContent content) {
        this.title = content.title();
        this.status = content.status().wireName();
        this.position = content.position();
    }

    public Long getId() {
        return id;
    }

    @JsonbTransient
    public Board getBoard() {
        return board;
    }

    public Long getBoardId() {
        return board == null ? null : board.getId();
    }

    public String getTitle() {
        return title;
    }

    public String getStatus() {
        return status;
    }

    public int getPosition() {
        return position;
    }

    public long getVersion() {
        return version;
    }
}
