package io.syncline.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommittedTransactionTest {

    private final EntityChange insert = EntityChange.of(ChangeOp.INSERT, "Card", "42", 1,
            Json.createObjectBuilder().add("id", 42).add("title", "café ✓").build());
    private final EntityChange delete = new EntityChange(ChangeOp.DELETE, "Card", "41", 7, null);

    @Test
    void changesGetConsecutiveOffsetsFromTheFirst() {
        CommittedTransaction tx = new CommittedTransaction("9f2c", 100, List.of(insert, delete), 0);

        assertThat(tx.offsetOf(0)).isEqualTo(100);
        assertThat(tx.lastOffset()).isEqualTo(101);
    }

    @Test
    void transactionWithoutChangesIsRefused() {
        assertThatThrownBy(() -> new CommittedTransaction("t", 1, List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
