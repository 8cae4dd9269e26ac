package dev.flm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;

/**
 * A {@link TextTower} that passes every call to another one; subclasses override the calls they
 * observe or change (timing, fault injection) without restating the rest.
 */
public abstract class ForwardingTextTower implements TextTower {
  protected final TextTower inner;

  protected ForwardingTextTower(TextTower inner) {
    this.inner = inner;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public int dim() {
    return inner.dim();
  }

  @Override
  public int numItems() {
    return inner.numItems();
  }

  @Override
  public boolean trainable() {
    return inner.trainable();
  }

  @Override
  public boolean currentRowsFromTargets() {
    return inner.currentRowsFromTargets();
  }

  @Override
  public boolean hasText(int item) {
    return inner.hasText(item);
  }

  @Override
  public void attach(NDManager parameterManager) {
    inner.attach(parameterManager);
  }

  @Override
  public NDArray forward(NDManager step, int[] items, boolean training) {
    return inner.forward(step, items, training);
  }

  @Override
  public NDArray forward(NDManager step, int[] items, boolean training, int[] current) {
    return inner.forward(step, items, training, current);
  }

  @Override
  public void weightsChanged() {
    inner.weightsChanged();
  }

  @Override
  public List<NDArray> parameters() {
    return inner.parameters();
  }

  @Override
  public List<String> parameterNames() {
    return inner.parameterNames();
  }

  @Override
  public float[][] snapshot() {
    return inner.snapshot();
  }

  @Override
  public Map<String, byte[]> attachments() {
    return inner.attachments();
  }

  @Override
  public void close() {
    inner.close();
  }
}
