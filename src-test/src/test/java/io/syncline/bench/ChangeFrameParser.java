package io.syncline.bench;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;

/**
 * Reads a server frame with JSON-P's streaming parser, keeping only what the load benchmark looks
 * at: the frame's {@code type} and {@code offset}, and per change its {@code offset}, {@code key},
 * {@code version} and the {@code title} of its {@code data}. No object tree is built. One parser
 * factory for all (a {@code Json.createParser} call looks the provider up every time).
 */
final class ChangeFrameParser {

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    /** Receives the changes of a {@code changes} frame, in frame order. */
    interface ChangeSink {
        void change(long offset, String key, long version, String title);
    }

    /** A frame's type and top-level offset ({@code subscribed}, {@code pong}; -1 when it has none). */
    record Frame(String type, long offset) {
    }

    private ChangeFrameParser() {
    }

    static Frame parse(String text, ChangeSink sink) {
        String type = null;
        long frameOffset = -1;
        long offset = -1;
        String key = null;
        long version = -1;
        String title = null;
        String name = null;
        int depth = 0; // 1: the frame, 2: a change, 3: its data
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT -> depth++;
                    case END_OBJECT -> {
                        if (depth == 2 && "changes".equals(type)) {
                            sink.change(offset, key, version, title);
                            offset = -1;
                            key = null;
                            version = -1;
                            title = null;
                        }
                        depth--;
                    }
                    case KEY_NAME -> name = parser.getString();
                    case VALUE_STRING -> {
                        if (depth == 1 && "type".equals(name)) {
                            type = parser.getString();
                        } else if (depth == 2 && "key".equals(name)) {
                            key = parser.getString();
                        } else if (depth == 3 && "title".equals(name)) {
                            title = parser.getString();
                        }
                    }
                    case VALUE_NUMBER -> {
                        if (depth == 1 && "offset".equals(name)) {
                            frameOffset = parser.getLong();
                        } else if (depth == 2 && "offset".equals(name)) {
                            offset = parser.getLong();
                        } else if (depth == 2 && "version".equals(name)) {
                            version = parser.getLong();
                        }
                    }
                    default -> {
                        // arrays, literals: nothing the benchmark reads
                    }
                }
            }
        }
        return new Frame(type, frameOffset);
    }
}
