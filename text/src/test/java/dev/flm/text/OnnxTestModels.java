package dev.flm.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Tiny hand-written ONNX graphs for load-time checks. */
final class OnnxTestModels {
  private OnnxTestModels() {}

  /** Y = Identity(X) with X a float [batch, n] input named {@code inputName}. */
  static byte[] identity(String inputName, int rank) {
    byte[] node = msg(bytes(1, str(inputName)), bytes(2, str("Y")), bytes(4, str("Identity")));
    byte[] graph =
        msg(
            bytes(1, node),
            bytes(2, str("g")),
            bytes(11, valueInfo(inputName, rank)),
            bytes(12, valueInfo("Y", rank)));
    byte[] opset = msg(bytes(1, str("")), varint(2, 17));
    return msg(varint(1, 8), bytes(7, graph), bytes(8, opset));
  }

  private static byte[] valueInfo(String name, int rank) {
    ByteArrayOutputStream dims = new ByteArrayOutputStream();
    for (int r = 0; r < rank; r++) {
      dims.writeBytes(bytes(1, msg(bytes(2, str("d" + r)))));
    }
    byte[] shape = dims.toByteArray();
    byte[] tensor = msg(varint(1, 7), bytes(2, shape));
    return msg(bytes(1, str(name)), bytes(2, msg(bytes(1, tensor))));
  }

  private static byte[] str(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] msg(byte[]... fields) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] f : fields) {
      o.writeBytes(f);
    }
    return o.toByteArray();
  }

  private static byte[] varint(int field, long v) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    raw(o, (long) field << 3);
    raw(o, v);
    return o.toByteArray();
  }

  private static byte[] bytes(int field, byte[] b) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    raw(o, ((long) field << 3) | 2);
    raw(o, b.length);
    o.writeBytes(b);
    return o.toByteArray();
  }

  private static void raw(ByteArrayOutputStream o, long v) {
    while ((v & ~0x7FL) != 0) {
      o.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    o.write((int) v);
  }
}
