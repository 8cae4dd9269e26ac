package dev.flm.text.onnx;

import java.util.List;
import java.util.Map;

/**
 * One node of an ONNX graph: its operator, the names of the values it reads and writes, and its
 * attributes.
 */
public record OnnxNode(
    String name,
    String opType,
    String domain,
    List<String> inputs,
    List<String> outputs,
    Map<String, Attribute> attributes) {

  /** One attribute; only the field matching its type is meaningful. */
  public record Attribute(
      String name,
      int type,
      float f,
      long i,
      String s,
      OnnxTensor t,
      float[] floats,
      long[] ints) {}

  /** The attribute's float value, or {@code fallback} when absent. */
  public float floatAttribute(String key, float fallback) {
    Attribute a = attributes.get(key);
    return a == null ? fallback : a.f();
  }
}
