package io.syncline.demo.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The one JSON-B instance that reads and writes every request and response body of the API.
 * Without it the JAX-RS runtime builds a new one per request, and with it the JSON provider lookup
 * and every class's binding model again: by far the largest cost of a write under load. Default
 * settings, so the REST representation stays the one Syncline captures and sends.
 */
@Provider
public class JsonbResolver implements ContextResolver<Jsonb> {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
