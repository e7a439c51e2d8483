package io.syncline.it;

import io.syncline.sample.NotesIdentityStore;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A real HTTP client of the sample application's API ({@code /notes/api/notes}), signed in as one of
 * its test users with HTTP Basic; and where that application's WebSocket is.
 */
final class NotesApi {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // as a browser: no h2c
    private final String user;

    NotesApi(String user) {
        this.user = user;
    }

    /** The sample application's WebSocket endpoint, {@code /notes/sync}. */
    static URI webSocketUri() {
        return Server.webSocketUri("notes/sync");
    }

    /** The Authorization header of a test user of the sample application. */
    static String basic(String user) {
        String credentials = user + ":" + NotesIdentityStore.password(user);
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates a note of this user (one transaction); returns it as the API shows it. */
    JsonObject create(String topic, String text) {
        return (JsonObject) send("POST", "notes/api/notes", note(topic, text), 201);
    }

    /** Creates several notes of this user in ONE transaction; returns them. */
    JsonArray createAll(String topic, String... texts) {
        JsonArrayBuilder notes = Json.createArrayBuilder();
        for (String text : texts) {
            notes.add(note(topic, text));
        }
        return (JsonArray) send("POST", "notes/api/notes/batch", notes.build(), 200);
    }

    JsonObject update(long id, String topic, String text) {
        return (JsonObject) send("PUT", "notes/api/notes/" + id, note(topic, text), 200);
    }

    void delete(long id) {
        send("DELETE", "notes/api/notes/" + id, null, 204);
    }

    private static JsonObject note(String topic, String text) {
        return Json.createObjectBuilder().add("topic", topic).add("text", text).build();
    }

    private JsonStructure send(String method, String path, JsonStructure body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(Server.baseUri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Authorization", basic(user))
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != expected) {
            throw new AssertionError(method + " " + path + " as " + user + ": expected HTTP " + expected
                    + " but got " + response.statusCode() + ": " + response.body());
        }
        if (response.body().isEmpty()) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.read();
        }
    }
}
