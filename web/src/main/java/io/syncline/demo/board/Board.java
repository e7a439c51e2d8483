package io.syncline.demo.board;

import io.syncline.Filterable;
import io.syncline.Synced;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A board of cards: {@code {"id","name","version"}} on the wire. */
@Entity
@Synced(filterable = {@Filterable("id"), @Filterable("name")})
@Table(name = "SL_BOARD")
@JsonbPropertyOrder({"id", "name", "version"})
public class Board {

    @Id
    @SequenceGenerator(name = "board", sequenceName = "SL_BOARD_SEQ", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "board")
    private Long id;

    @Column(nullable = false, length = BoardService.MAX_NAME_LENGTH)
    private String name;

    @Version
    private long version;

    protected Board() {
    }

    public Board(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public long getVersion() {
        return version;
    }
}
