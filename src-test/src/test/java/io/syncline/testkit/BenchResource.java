package io.syncline.testkit;

import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** In-server write loops for the benchmark: no HTTP inside the measured part. */
@Path("bench")
@Produces(MediaType.APPLICATION_JSON)
public class BenchResource {

    /** Looked up once: the static {@code Json} methods look the provider up on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    BenchWrites writes;

    /** Times {@code count} single-row transactions, captured and not, interleaved in rounds. */
    @POST
    @Path("write-cost")
    public JsonObject writeCost(@QueryParam("board") long boardId, @QueryParam("count") int count) {
        long synced = 0;
        long plain = 0;
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            writes.syncedCards(boardId, 1);
            long middle = System.nanoTime();
            writes.plainRow(boardId);
            long end = System.nanoTime();
            synced += middle - start;
            plain += end - middle;
        }
        return JSON.createObjectBuilder()
                .add("syncedMicros", synced / 1000.0 / count)
                .add("plainMicros", plain / 1000.0 / count)
                .build();
    }

    /** Writes {@code txs} transactions of {@code size} cards each; returns the elapsed milliseconds. */
    @POST
    @Path("fill")
    public long fill(@QueryParam("board") long boardId, @QueryParam("txs") int txs, @QueryParam("size") int size) {
        long start = System.nanoTime();
        for (int i = 0; i < txs; i++) {
            writes.syncedCards(boardId, size);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
