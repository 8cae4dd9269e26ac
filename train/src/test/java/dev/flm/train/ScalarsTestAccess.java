package dev.flm.train;

/** Test helpers of {@code dev.flm.train} for tests in sub-packages. */
public final class ScalarsTestAccess {
  private ScalarsTestAccess() {}

  /** See {@link ScalarsTest#collectGarbage}. */
  public static void collectGarbage() {
    ScalarsTest.collectGarbage();
  }
}
