package dev.flm.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.flm.text.onnx.OnnxGraphBuilder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The machine's single-precision matrix-multiply rate as ONNX Runtime delivers it: a one-node
 * MatMul graph (activations {@code [m, k]} times a constant {@code [k, n]} weight, the shape of a
 * transformer's feed-forward layers) built with {@link OnnxGraphBuilder}, run repeatedly on the
 * given number of intra-op threads.
 */
public final class OrtMatMul {
  private static final int FLOAT = dev.flm.text.onnx.OnnxTensor.FLOAT;

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
    float[] w = new float[k * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.05);
    }
    return new OnnxGraphBuilder("matmul", 17)
        .node("MatMul", List.of("A", "W"), List.of("Y"))
        .floatInitializer("W", new long[] {k, n}, w)
        .input("A", FLOAT, "m", k)
        .output("Y", FLOAT, "m", n)
        .toBytes();
  }
}
