package dev.flm.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The machine's single-precision matrix-multiply rate as ONNX Runtime delivers it: a one-node
 * MatMul graph (activations {@code [m, k]} times a constant {@code [k, n]} weight, the shape of a
 * transformer's feed-forward layers) written as ONNX protobuf by hand, run repeatedly on the given
 * number of intra-op threads.
 */
public final class OrtMatMul {
  private OrtMatMul() {}

  /** Best GFLOP/s over {@code reps} runs of {@code [m,k] x [k,n]} after a warm-up. */
  public static double gflops(int threads, int m, int k, int n, int reps) throws OrtException {
    byte[] model = model(k, n, 42);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(threads);
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession s = env.createSession(model, so)) {
        float[] a = new float[m * k];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) r.nextGaussian();
        }
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(a), new long[] {m, k})) {
          double best = 0;
          for (int rep = 0; rep < reps + 2; rep++) {
            long t0 = System.nanoTime();
            try (OrtSession.Result res = s.run(Map.of("A", t))) {
              res.get(0);
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            if (rep >= 2) {
              best = Math.max(best, 2.0 * m * k * n / sec / 1e9);
            }
          }
          return best;
        }
      }
    }
  }

  /** ONNX ModelProto bytes: Y = MatMul(A [?, k], W [k, n]) with W a seeded constant. */
  static byte[] model(int k, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    ByteBuffer w = ByteBuffer.allocate(k * n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < k * n; i++) {
      w.putFloat((float) (r.nextGaussian() * 0.05));
    }
    byte[] init =
        msg(
            varintField(1, k),
            varintField(1, n),
            varintField(2, 1),
            bytesField(8, str("W")),
            bytesField(9, w.array()));
    byte[] node =
        msg(
            bytesField(1, str("A")),
            bytesField(1, str("W")),
            bytesField(2, str("Y")),
            bytesField(4, str("MatMul")));
    byte[] graph =
        msg(
            bytesField(1, node),
            bytesField(2, str("matmul")),
            bytesField(5, init),
            bytesField(11, valueInfo("A", -1, k)),
            bytesField(12, valueInfo("Y", -1, n)));
    byte[] opset = msg(bytesField(1, str("")), varintField(2, 17));
    return msg(varintField(1, 8), bytesField(7, graph), bytesField(8, opset));
  }

  private static byte[] valueInfo(String name, long rows, long cols) {
    byte[] d0 = rows < 0 ? msg(bytesField(2, str("m"))) : msg(varintField(1, rows));
    byte[] d1 = msg(varintField(1, cols));
    byte[] shape = msg(bytesField(1, d0), bytesField(1, d1));
    byte[] tensor = msg(varintField(1, 1), bytesField(2, shape));
    byte[] type = msg(bytesField(1, tensor));
    return msg(bytesField(1, str(name)), bytesField(2, type));
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

  private static byte[] varintField(int field, long v) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    varint(o, (long) field << 3);
    varint(o, v);
    return o.toByteArray();
  }

  private static byte[] bytesField(int field, byte[] b) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    varint(o, ((long) field << 3) | 2);
    varint(o, b.length);
    o.writeBytes(b);
    return o.toByteArray();
  }

  private static void varint(ByteArrayOutputStream o, long v) {
    while ((v & ~0x7FL) != 0) {
      o.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    o.write((int) v);
  }
}
