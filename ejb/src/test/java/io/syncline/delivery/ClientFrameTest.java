package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientFrameTest {

    @Test
    void subscribeIsParsed() throws ProtocolException {
        ClientFrame frame = ClientFrame.parse("{\"op\":\"subscribe\",\"id\":\"s1\",\"entity\":\"Card\"}");

        assertThat(frame.op()).isEqualTo("subscribe");
        assertThat(frame.id()).isEqualTo("s1");
        assertThat(frame.requiredString("entity")).isEqualTo("Card");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "[1,2]", "42", "\"op\"", "{\"op\":\"ping\",\"id\":\"p\"} trailing"})
    void textThatIsNoJsonObjectIsBadJson(String text) {
        assertThat(failure(text).code()).isEqualTo(ErrorCode.BAD_JSON);
    }

    @Test
    void unknownOpKeepsTheId() {
        ProtocolException e = failure("{\"op\":\"teleport\",\"id\":\"t1\"}");

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_OP);
        assertThat(e.id()).isEqualTo("t1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"op\":\"ping\"}", "{\"op\":\"ping\",\"id\":7}", "{\"op\":\"ping\",\"id\":\"\"}", "{\"id\":\"x\"}", "{\"op\":1,\"id\":\"x\"}"})
    void missingOrMistypedFieldsAreAnInvalidFrame(String text) {
        assertThat(failure(text).code()).isEqualTo(ErrorCode.INVALID_FRAME);
    }

    @Test
    void hugeUnknownOpIsShortenedInTheMessage() {
        ProtocolException e = failure("{\"op\":\"" + "x".repeat(10_000) + "\",\"id\":\"a\"}");

        assertThat(e.getMessage()).hasSizeLessThan(100);
    }

    @Test
    void errorCodesHaveTheirWireNames() {
        assertThat(ErrorCode.BAD_JSON.wireName()).isEqualTo("bad-json");
        assertThat(ErrorCode.TOO_MANY_SUBSCRIPTIONS.wireName()).isEqualTo("too-many-subscriptions");
    }

    private static ProtocolException failure(String text) {
        return catchThrowableOfType(() -> ClientFrame.parse(text), ProtocolException.class);
    }
}
