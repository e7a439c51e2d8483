package io.syncline.relay;

/**
 * Another server's report of the users present on it, as it sent it: JSON
 * {@code {"server":"...","scopes":{"7":["alice","bob"]}}}. A server sends one at once when its
 * users come or go, and every few seconds while it has any; each replaces that server's previous one.
 */
public record PresenceReport(String json) {
}
