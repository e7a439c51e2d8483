package io.syncline.demo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncline.demo.board.InvalidInputException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CardRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "7", "2147483647", "3.0"})
    void integralPositionIsTakenExactly(String position) {
        assertThat(request(new BigDecimal(position)).content().position()).isEqualTo(new BigDecimal(position).intValueExact());
    }

    @Test
    void absentPositionIsZero() {
        assertThat(request(null).content().position()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "0.1", "1e-400", "2147483648", "99999999999999", "1e20", "-1", "-2147483649"})
    void positionThatIsNoIntegerOrOutOfRangeIsInvalid(String position) {
        assertThatThrownBy(() -> request(new BigDecimal(position)).content())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("position");
    }

    private static CardRequest request(BigDecimal position) {
        return new CardRequest("t", "todo", position);
    }
}
