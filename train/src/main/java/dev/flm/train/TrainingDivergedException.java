package dev.flm.train;

/**
 * Training produced a non-finite loss or gradient. Names the epoch and the parameter group (and
 * array) where it was first seen; no model is written.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int epoch;
  private final String group;

  public TrainingDivergedException(int epoch, String group, String detail) {
    super(
        "training diverged in epoch "
            + epoch
            + ": non-finite values in parameter group '"
            + group
            + "' ("
            + detail
            + "); no model was written. Lower the learning rate of that group or enable"
            + " clip-norm.");
    this.epoch = epoch;
    this.group = group;
  }

  public int epoch() {
    return epoch;
  }

  public String group() {
    return group;
  }
}
