package io.syncline.demo.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CardContentTest {

    @Test
    void statusHasTheDocumentedWireNames() {
        assertThat(CardStatus.fromWireName("todo")).contains(CardStatus.TODO);
        assertThat(CardStatus.fromWireName("doing")).contains(CardStatus.DOING);
        assertThat(CardStatus.fromWireName("done")).contains(CardStatus.DONE);
        assertThat(CardStatus.fromWireName("TODO")).isEmpty();
        assertThat(CardStatus.fromWireName(null)).isEmpty();
    }

    @Test
    void blankTitleIsInvalid() {
        assertThatThrownBy(() -> new CardContent("  ", CardStatus.TODO, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("title");
    }

    @Test
    void overlongTitleIsInvalid() {
        assertThatThrownBy(() -> new CardContent("x".repeat(CardContent.MAX_TITLE_LENGTH + 1), CardStatus.TODO, 0))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void negativePositionIsInvalid() {
        assertThatThrownBy(() -> new CardContent("t", CardStatus.TODO, -1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("position");
    }
}
