package io.syncline.relay;

/**
 * Another server's report of the users present on it, as it sent it: JSON
 * {@code {"server":"...","scopes":{"7":["alice","bob"]}}}. Every server sends one every few
 * seconds, and at once when its users come or go; each replaces that server's previous one.
 */
public record PresenceReport(String json) {
}
