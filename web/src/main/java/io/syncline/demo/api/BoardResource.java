package io.syncline.demo.api;

import io.syncline.demo.board.Board;
import io.syncline.demo.board.BoardService;
import io.syncline.demo.board.Card;
import io.syncline.demo.board.CardContent;
import io.syncline.demo.board.InvalidInputException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** Boards and the cards on them. */
@Path("boards")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BoardResource {

    @Inject
    BoardService boards;

    @Context
    UriInfo uri;

    @Context
    SecurityContext security;

    @GET
    public List<Board> list() {
        return boards.boards(user(security));
    }

    @POST
    public Response create(BoardRequest request) {
        Board board = boards.createBoard(required(request).name(), user(security));
        return Response.created(uri.getBaseUriBuilder().path("boards/{id}").build(board.getId()))
                .tag(Versions.tag(board.getVersion()))
                .entity(board)
                .build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Board board = boards.board(Ids.parse("board", id), user(security));
        return Response.ok(board).tag(Versions.tag(board.getVersion())).build();
    }

    @PUT
    @Path("{id}")
    public Response rename(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           BoardRequest request) {
        long expected = Versions.expected(ifMatch);
        String name = required(request).name();
        long boardId = Ids.parse("board", id);
        return OptimisticWrites.attempt(() -> boards.board(boardId, user(security)), () -> {
            Board board = boards.renameBoard(boardId, expected, name, user(security));
            return Response.ok(board).tag(Versions.tag(board.getVersion())).build();
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        long expected = Versions.expected(ifMatch);
        long boardId = Ids.parse("board", id);
        return OptimisticWrites.attempt(() -> boards.board(boardId, user(security)), () -> {
            boards.deleteBoard(boardId, expected, user(security));
            return Response.noContent().build();
        });
    }

    @GET
    @Path("{id}/cards")
    public List<Card> cards(@PathParam("id") String id) {
        return boards.cards(Ids.parse("board", id), user(security));
    }

    @POST
    @Path("{id}/cards")
    public Response createCard(@PathParam("id") String id, CardRequest request) {
        CardContent content = required(request).content();
        Card card = boards.createCard(Ids.parse("board", id), content, user(security));
        return Response.created(uri.getBaseUriBuilder().path("cards/{id}").build(card.getId()))
                .tag(Versions.tag(card.getVersion()))
                .entity(card)
                .build();
    }

    @PUT
    @Path("{id}/members/{user}")
    public Response addMember(@PathParam("id") String id, @PathParam("user") String member) {
        boards.addMember(Ids.parse("board", id), member, user(security));
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/members/{user}")
    public Response removeMember(@PathParam("id") String id, @PathParam("user") String member) {
        boards.removeMember(Ids.parse("board", id), member, user(security));
        return Response.noContent().build();
    }

    /** The authenticated caller (web.xml lets no anonymous request through to the API). */
    static String user(SecurityContext security) {
        return security.getUserPrincipal().getName();
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new InvalidInputException("a JSON body is required");
        }
        return body;
    }
}
