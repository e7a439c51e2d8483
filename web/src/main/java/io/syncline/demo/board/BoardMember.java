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
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;
import java.util.regex.Pattern;

/** A user's membership of a board: members see the board and its cards. {@code {"id","boardId","user","version"}}. */
@Entity
@Synced(value = "Member", filterable = {@Filterable("boardId"), @Filterable("user")})
@Table(name = "SL_BOARD_MEMBER", uniqueConstraints = @UniqueConstraint(columnNames = {"BOARD_ID", "USER_NAME"}))
@JsonbPropertyOrder({"id", "boardId", "user", "version"})
public class BoardMember {

    @Id
    @SequenceGenerator(name = "member", sequenceName = "SL_BOARD_MEMBER_SEQ", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "member")
    private Long id;

    @Column(name = "BOARD_ID", nullable = false)
    private long boardId;

    @Column(name = "USER_NAME", nullable = false, length = 100)
    private String user;

    @Version
    private long version;

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1," + BoardService.MAX_USER_LENGTH + "}");

    protected BoardMember() {
    }

    /** Whether {@code name} is a valid user name for a member: 1 to 100 ASCII letters, digits, and {@code . _ - @}. */
    public static boolean isValidUser(String name) {
        return name != null && USER_NAME.matcher(name).matches();
    }

    public BoardMember(long boardId, String user) {
        this.boardId = boardId;
        this.user = user;
    }

    public Long getId() {
        return id;
    }

    public long getBoardId() {
        return boardId;
    }

    public String getUser() {
        return user;
    }

    public long getVersion() {
        return version;
    }
}
