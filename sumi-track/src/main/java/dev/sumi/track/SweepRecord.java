package dev.sumi.track;

/** A sweep: its spec (JSON) and when it was created. */
public record SweepRecord(String id, String name, String specJson, long createdAt) {}
