package dev.flm.text.onnx;

/**
 * A graph input or output: its name, element type and shape, where a symbolic or unknown dimension
 * is -1.
 */
public record OnnxValueInfo(String name, int elementType, long[] dims) {}
