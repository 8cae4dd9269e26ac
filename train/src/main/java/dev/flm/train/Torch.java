package dev.flm.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * The one entry point to DJL's PyTorch engine in FLM. It makes the engine work offline: the native
 * library comes from the {@code pytorch-native-cpu} jar on the class path (DJL extracts it once
 * into its cache folder, {@code ~/.djl.ai/pytorch} or {@code $DJL_CACHE_DIR}) and {@code
 * ai.djl.offline=true} forbids any download. Call {@link #engine()} (or {@link #newManager()})
 * instead of {@code Engine.getEngine("PyTorch")} so these settings are in place before the engine
 * loads.
 */
public final class Torch {
  /** The libtorch version of the bundled {@code pytorch-native-cpu} jar. */
  public static final String PYTORCH_VERSION = "2.7.1";

  private Torch() {}

  /** Sets DJL's offline properties (unless the user set them) and returns the PyTorch engine. */
  public static synchronized Engine engine() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("PYTORCH_VERSION", PYTORCH_VERSION);
    if (System.getenv("PYTORCH_FLAVOR") == null) {
      setIfAbsent("PYTORCH_FLAVOR", "cpu");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, cores)));
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    return Engine.getEngine("PyTorch");
  }

  /** A new root manager on {@link #device()}. */
  public static NDManager newManager() {
    return engine().newBaseManager(device());
  }

  /**
   * The device FLM computes on: the one named by {@code -Dflm.device} or {@code FLM_DEVICE} ({@code
   * cpu}, {@code gpu}, {@code gpu1}, ...) when set, else DJL's default (the first GPU where DJL
   * finds CUDA, the CPU otherwise). Naming it helps where DJL cannot find the CUDA runtime itself
   * (it looks for {@code libcudart} through JNA) while libtorch can.
   */
  public static Device device() {
    String name = System.getProperty("flm.device", System.getenv("FLM_DEVICE"));
    Engine engine = engine();
    if (name == null || name.isBlank()) {
      return engine.defaultDevice();
    }
    // DJL reads a bare "gpu" as gpu(-1), libtorch's current device; FLM means the first GPU.
    return name.trim().equals("gpu") ? Device.gpu() : Device.fromName(name.trim(), engine);
  }

  /**
   * Overwrites {@code target}'s values in place with {@code values} (row-major, one per element),
   * keeping its storage and its gradient flag. Call it outside a gradient collector.
   *
   * <p>Not {@code NDArray.set(float[])}: on PyTorch that swaps the tensor's storage for a Java
   * direct buffer under libtorch's deprecated {@code AutoNonVariableTypeMode} (which prints a
   * warning on stderr), and views taken earlier keep the old storage. An indexed copy writes into
   * the tensor's own storage.
   */
  public static void copyInto(NDArray target, float[] values) {
    if (values.length != target.size()) {
      throw new IllegalArgumentException(
          "cannot copy "
              + values.length
              + " values into an array of shape "
              + target.getShape()
              + " ("
              + target.size()
              + " elements)");
    }
    try (NDArray src = target.getManager().create(values, target.getShape())) {
      target.set(ALL, src);
    }
  }

  private static final NDIndex ALL = new NDIndex("...");

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
