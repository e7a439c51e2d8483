package io.syncline.delivery;

import io.syncline.demo.board.BoardService;
import io.syncline.capture.EntityChange;
import io.syncline.capture.SyncedEntities;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Reads snapshots the way a subscription does, page by page, with writes between the pages. */
@Path("snapshot")
@Produces(MediaType.APPLICATION_JSON)
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each page and each write commits on its own
public class SnapshotResource {

    @Inject
    SnapshotReader snapshots;

    @Inject
    SyncedEntities entities;

    @Inject
    BoardService boards;

    /**
     * The keys of a board's cards as a snapshot reads them, {@code size} rows a page, when the first
     * card read is deleted (as {@code user}) right after the first page.
     */
    @GET
    @Path("cards-while-deleting")
    public JsonArray cardsWhileDeleting(@QueryParam("board") long board, @QueryParam("size") int size,
                                        @QueryParam("user") String user) throws InvalidFilterException {
        Filter ofBoard = FilterCompiler.compile(entities.named("Card").orElseThrow(), entities.metamodel(),
                Json.createObjectBuilder().add("boardId", Json.createObjectBuilder().add("eq", board)).build());
        JsonArrayBuilder keys = Json.createArrayBuilder();
        SnapshotReader.Page page = snapshots.rows("Card", ofBoard, null, null, size);
        page.rows().forEach(row -> keys.add(row.key()));
        if (!page.rows().isEmpty()) {
            EntityChange first = page.rows().get(0);
            boards.deleteCard(Long.parseLong(first.key()), first.version(), user);
        }
        while (page.rows().size() == size) {
            page = snapshots.rows("Card", ofBoard, null, page.lastKey(), size);
            page.rows().forEach(row -> keys.add(row.key()));
        }
        return keys.build();
    }
}
