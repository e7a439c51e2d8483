package io.syncline.sample;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;

/**
 * Writes to the caller's notes, each call one transaction: {@code POST /api/notes {"topic","text"}},
 * {@code PUT /api/notes/{id}}, {@code DELETE /api/notes/{id}}, and {@code POST /api/notes/batch
 * [{"topic","text"}, ...]}, which creates all its notes in one transaction. The owner is the caller;
 * another user's note answers 404.
 */
@Path("notes")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class NotesResource {

    @PersistenceContext(unitName = "notes")
    EntityManager notes;

    @Context
    SecurityContext security;

    @POST
    @Transactional
    public Response create(JsonObject body) {
        Note note = write(body);
        notes.flush(); // the id and the version in the answer
        return Response.created(URI.create("notes/" + note.getId())).entity(note).build();
    }

    @POST
    @Path("batch")
    @Transactional
    public List<Note> createAll(JsonArray body) {
        List<Note> created = body.getValuesAs(JsonObject.class).stream().map(this::write).toList();
        notes.flush();
        return created;
    }

    @PUT
    @Path("{id}")
    @Transactional
    public Note update(@PathParam("id") long id, JsonObject body) {
        Note note = mine(id);
        note.rewrite(body.getString("topic", null), body.getString("text", null));
        notes.flush();
        return note;
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public void delete(@PathParam("id") long id) {
        notes.remove(mine(id));
    }

    private Note write(JsonObject body) {
        Note note = new Note(caller(), body.getString("topic", null), body.getString("text", null));
        notes.persist(note);
        return note;
    }

    private Note mine(long id) {
        Note note = notes.find(Note.class, id);
        if (note == null || !note.getOwner().equals(caller())) {
            throw new NotFoundException();
        }
        return note;
    }

    private String caller() {
        return security.getUserPrincipal().getName();
    }
}
