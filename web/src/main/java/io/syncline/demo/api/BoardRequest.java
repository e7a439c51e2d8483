package io.syncline.demo.api;

/** The body of a board's POST or PUT: {@code {"name"}}. */
public record BoardRequest(String name) {
}
