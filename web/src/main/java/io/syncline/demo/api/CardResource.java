package io.syncline.demo.api;

import io.syncline.demo.board.BoardService;
import io.syncline.demo.board.Card;
import io.syncline.demo.board.CardContent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** One card: read, replace, delete, each write based on the version the client holds. */
@Path("cards/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CardResource {

    @Inject
    BoardService boards;

    @Context
    SecurityContext security;

    @GET
    public Response get(@PathParam("id") String id) {
        Card card = boards.card(Ids.parse("card", id), BoardResource.user(security));
        return Response.ok(card).tag(Versions.tag(card.getVersion())).build();
    }

    @PUT
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           CardRequest request) {
        long expected = Versions.expected(ifMatch);
        CardContent content = BoardResource.required(request).content();
        long cardId = Ids.parse("card", id);
        return OptimisticWrites.attempt(() -> boards.card(cardId, BoardResource.user(security)), () -> {
            Card card = boards.updateCard(cardId, expected, content, BoardResource.user(security));
            return Response.ok(card).tag(Versions.tag(card.getVersion())).build();
        });
    }

    @DELETE
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        long expected = Versions.expected(ifMatch);
        long cardId = Ids.parse("card", id);
        return OptimisticWrites.attempt(() -> boards.card(cardId, BoardResource.user(security)), () -> {
            boards.deleteCard(cardId, expected, BoardResource.user(security));
            return Response.noContent().build();
        });
    }
}
