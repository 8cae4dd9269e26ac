package dev.flm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication and division by a constant that are safe inside an autograd graph on DJL's PyTorch
 * engine.
 *
 * <p>DJL's {@code x.mul(2f)} and {@code x.div(2f)} wrap the number in a 0-d tensor over a Java
 * direct buffer ({@code torch::from_blob}, no copy) and close it right after the operation. When
 * {@code x} needs a gradient, autograd keeps that tensor for the backward pass; once the closed
 * buffer is garbage-collected, the backward pass divides by whatever now lies in the freed memory,
 * and gradients turn NaN or infinite depending on when the GC ran. The constants here are allocated
 * by libtorch ({@code full}), so autograd's reference keeps them alive. Use these helpers for every
 * constant factor of an array that may require a gradient.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code x * v}, with the constant owned by libtorch. */
  public static NDArray mul(NDArray x, double v) {
    return x.mul(constant(x, v));
  }

  /** {@code x / v}, with the constant owned by libtorch. */
  public static NDArray div(NDArray x, double v) {
    return x.div(constant(x, v));
  }

  private static NDArray constant(NDArray x, double v) {
    return x.getManager().full(new Shape(), (float) v, x.getDataType());
  }
}
