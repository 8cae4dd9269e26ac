package dev.flm.text;

/** Vectors of an encode call, in input order, with its {@link EncodeReport}. */
public record Encoded(float[][] vectors, EncodeReport report) {}
