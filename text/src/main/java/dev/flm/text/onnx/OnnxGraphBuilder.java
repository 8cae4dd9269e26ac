package dev.flm.text.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a small ONNX model (ModelProto bytes) from nodes, FLOAT initializers and typed graph
 * inputs and outputs, for graphs built in code: benchmarks' one-operator graphs and the load-time
 * checks in tests. {@link OnnxModel} reads what this writes; ONNX Runtime runs it.
 *
 * <p>A dimension is either a size ({@code Long}, {@code Integer}) or a symbolic name ({@code
 * String}, e.g. {@code "batch"}). Attributes are not supported; nodes use operator defaults.
 */
public final class OnnxGraphBuilder {
  private static final long IR_VERSION = 8;

  private final String graphName;
  private final int opset;
  private final List<Proto.Writer> nodes = new ArrayList<>();
  private final List<Proto.Writer> initializers = new ArrayList<>();
  private final List<Proto.Writer> inputs = new ArrayList<>();
  private final List<Proto.Writer> outputs = new ArrayList<>();

  /**
   * A graph named {@code graphName} importing the default operator set at version {@code opset}.
   */
  public OnnxGraphBuilder(String graphName, int opset) {
    this.graphName = Objects.requireNonNull(graphName, "graphName");
    if (opset < 1) {
      throw new IllegalArgumentException("opset must be positive; " + opset);
    }
    this.opset = opset;
  }

  /** Adds a node of the default domain reading {@code in} and writing {@code out}. */
  public OnnxGraphBuilder node(String opType, List<String> in, List<String> out) {
    Proto.Writer w = new Proto.Writer(64);
    in.forEach(name -> w.stringField(1, name));
    out.forEach(name -> w.stringField(2, name));
    w.stringField(3, opType + "_" + nodes.size());
    w.stringField(4, opType);
    nodes.add(w);
    return this;
  }

  /** Adds a FLOAT initializer of shape {@code dims} holding {@code data} (row-major). */
  public OnnxGraphBuilder floatInitializer(String name, long[] dims, float[] data) {
    long count = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "initializer '" + name + "' has a negative dimension " + d);
      }
      count *= d;
    }
    if (count != data.length) {
      throw new IllegalArgumentException(
          "initializer '"
              + name
              + "' has "
              + count
              + " elements by its shape; data has "
              + data.length);
    }
    Proto.Writer w = new Proto.Writer(data.length * 4 + 64);
    for (long d : dims) {
      w.varintField(1, d);
    }
    w.varintField(2, OnnxTensor.FLOAT);
    w.stringField(8, name);
    ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(data);
    w.bytesField(9, raw.array());
    initializers.add(w);
    return this;
  }

  /**
   * Declares a graph input of ONNX element type {@code elementType} (e.g. {@link
   * OnnxTensor#FLOAT}).
   */
  public OnnxGraphBuilder input(String name, int elementType, Object... dims) {
    inputs.add(valueInfo(name, elementType, dims));
    return this;
  }

  /** Declares a graph output; see {@link #input}. */
  public OnnxGraphBuilder output(String name, int elementType, Object... dims) {
    outputs.add(valueInfo(name, elementType, dims));
    return this;
  }

  /** The ModelProto bytes. */
  public byte[] toBytes() {
    Proto.Writer graph = new Proto.Writer(1024);
    nodes.forEach(n -> graph.messageField(1, n));
    graph.stringField(2, graphName);
    initializers.forEach(t -> graph.messageField(5, t));
    inputs.forEach(v -> graph.messageField(11, v));
    outputs.forEach(v -> graph.messageField(12, v));
    Proto.Writer opsetImport = new Proto.Writer(16);
    opsetImport.stringField(1, "");
    opsetImport.varintField(2, opset);
    Proto.Writer model = new Proto.Writer(graph.size() + 64);
    model.varintField(1, IR_VERSION);
    model.stringField(2, "flm");
    model.messageField(7, graph);
    model.messageField(8, opsetImport);
    return model.toByteArray();
  }

  private static Proto.Writer valueInfo(String name, int elementType, Object[] dims) {
    Proto.Writer shape = new Proto.Writer(32);
    for (Object d : dims) {
      Proto.Writer dim = new Proto.Writer(16);
      if (d instanceof String symbol) {
        dim.stringField(2, symbol);
      } else if (d instanceof Long || d instanceof Integer) {
        long size = ((Number) d).longValue();
        if (size < 0) {
          throw new IllegalArgumentException(
              "value '" + name + "' has a negative dimension " + size);
        }
        dim.varintField(1, size);
      } else {
        throw new IllegalArgumentException(
            "value '" + name + "': a dimension is a size or a symbolic name, not " + d);
      }
      shape.messageField(1, dim);
    }
    Proto.Writer tensor = new Proto.Writer(48);
    tensor.varintField(1, elementType);
    tensor.messageField(2, shape);
    Proto.Writer type = new Proto.Writer(64);
    type.messageField(1, tensor);
    Proto.Writer info = new Proto.Writer(96);
    info.stringField(1, name);
    info.messageField(2, type);
    return info;
  }
}
