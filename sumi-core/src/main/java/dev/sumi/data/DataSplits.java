package dev.sumi.data;

/** The training and test sets of one data set. */
public record DataSplits(Dataset train, Dataset test) {}
