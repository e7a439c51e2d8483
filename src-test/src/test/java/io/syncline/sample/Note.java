package io.syncline.sample;

import io.syncline.Filterable;
import io.syncline.Synced;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A note of one user: the sample application's only entity. Its JSON-B properties (id, owner,
 * topic, text, version) are what {@code data} carries in frames and what the API returns.
 */
@Entity
@Table(name = "SAMPLE_NOTE")
@Synced(filterable = {@Filterable("owner"), @Filterable("topic")})
public class Note {

    @Id
    @SequenceGenerator(name = "note_id", sequenceName = "SAMPLE_NOTE_SEQ", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "note_id")
    @Column(name = "ID")
    private Long id;

    @Column(name = "OWNER", nullable = false, length = 100)
    private String owner;

    @Column(name = "TOPIC", length = 200)
    private String topic;

    @Column(name = "NOTE_TEXT", length = 2000)
    private String text;

    @Version
    @Column(name = "VERSION")
    private long version;

    protected Note() {
    }

    public Note(String owner, String topic, String text) {
        this.owner = owner;
        this.topic = topic;
        this.text = text;
    }

    public Long getId() {
        return id;
    }

    public String getOwner() {
        return owner;
    }

    public String getTopic() {
        return topic;
    }

    public String getText() {
        return text;
    }

    public long getVersion() {
        return version;
    }

    void rewrite(String topic, String text) {
        this.topic = topic;
        this.text = text;
    }
}
