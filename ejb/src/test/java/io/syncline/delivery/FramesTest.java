package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one encoder of server frames: valid JSON, the captured text as is, escaped strings. */
class FramesTest {

    private static final String CARD = "{\"id\":42,\"title\":\"caf\u00e9 \u2713 \\\"quoted\\\"\",\"version\":3}";

    @Test
    void aChangeCarriesItsCapturedDataAsIsAndADeleteNone() {
        String insert = Frames.change(100, new EntityChange(ChangeOp.INSERT, "Card", "42", 3, CARD));
        String delete = Frames.change(101, new EntityChange(ChangeOp.DELETE, "Card", "41", 7, CARD));

        assertThat(insert).contains("\"data\":" + CARD);
        assertThat(json(insert).getJsonObject("data").getString("title")).isEqualTo("caf\u00e9 \u2713 \"quoted\"");
        assertThat(json(delete)).doesNotContainKey("data");
        assertThat(json(delete).getString("op")).isEqualTo("delete");
        assertThat(json(delete).getJsonNumber("offset").longValue()).isEqualTo(101);
    }

    @Test
    void framesAreJsonWithTheirClientTextEscaped() {
        String id = "sub \"1\"\n\\";
        String changes = Frames.changes(id, "tx1", List.of(Frames.change(1, new EntityChange(ChangeOp.INSERT, "Card", "k\"", 1, CARD))), true);
        String snapshot = Frames.snapshot(id, 5, List.of(Frames.row(new EntityChange(ChangeOp.INSERT, "Card", "42", 3, CARD))), false);
        String error = Frames.error(new ProtocolException(ErrorCode.INVALID_FILTER, id, "bad \"filter\""));

        assertThat(json(changes).getString("id")).isEqualTo(id);
        assertThat(json(changes).getBoolean("more")).isTrue();
        assertThat(json(changes).getJsonArray("changes").getJsonObject(0).getString("key")).isEqualTo("k\"");
        assertThat(json(snapshot).getJsonArray("rows").getJsonObject(0).getJsonObject("data").getInt("id")).isEqualTo(42);
        assertThat(json(snapshot).getBoolean("last")).isFalse();
        assertThat(json(error).getString("message")).isEqualTo("bad \"filter\"");
        assertThat(json(Frames.leave(id, 9, "Card", "42", false))).doesNotContainKey("more");
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void stringsAreQuotedExactlyAsJsonPQuotesThem() {
        for (String text : List.of("", "s1", "tx-7f3a", "Card", "caf\u00e9 \u2713", "\"quoted\"", "back\\slash", "tab\tnew\nline",
                "\u0000\u001f", "\u007f\u2028\u2029", "</script>", "\ud83d\ude00")) {
            assertThat(Frames.quote(text)).as(text).isEqualTo(Json.createValue(text).toString());
        }
    }
}
