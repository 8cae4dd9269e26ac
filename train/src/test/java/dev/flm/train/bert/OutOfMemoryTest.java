package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.flm.data.Dataset;
import dev.flm.model.Params;
import dev.flm.model.TrainingData;
import dev.flm.testing.SyntheticData;
import dev.flm.train.FlmConfig;
import dev.flm.train.FlmTrainer;
import dev.flm.train.ForwardingTextTower;
import dev.flm.train.HashingTextSource;
import dev.flm.train.TextTower;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Running out of memory in a training step is reported with the batch size and a suggestion. */
class OutOfMemoryTest {
  static final Dataset DATA = SyntheticData.generate(60, 40, 8, 5);
  static final String TORCH_OOM =
      "[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: not enough memory: you tried"
          + " to allocate 1073741824 bytes.";

  /** A frozen tower whose second training call fails the way {@code failure} says. */
  static final class FailingTower extends ForwardingTextTower {
    private final Supplier<Throwable> failure;
    private int calls;

    FailingTower(TextTower inner, Supplier<Throwable> failure) {
      super(inner);
      this.failure = failure;
    }

    @Override
    public NDArray forward(NDManager step, int[] items, boolean training) {
      if (training && items != null && ++calls == 2) {
        Throwable t = failure.get();
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
      return inner.forward(step, items, training);
    }

    @Override
    public boolean trainable() {
      return false;
    }
  }

  private static FlmTrainer trainer(Supplier<Throwable> failure) {
    FlmConfig cfg =
        FlmConfig.from(
            Params.parse(
                List.of(
                    "dim=8",
                    "epochs=1",
                    "loss=sampled-softmax",
                    "negatives=16",
                    "batch-size=64",
                    "validation-fraction=0")));
    return new FlmTrainer(cfg)
        .withTextTower(
            (ds, c, seed) ->
                new FailingTower(
                    FlmTrainer.frozenTower(ds, new HashingTextSource(16), c, seed), failure));
  }

  @Test
  void engineAllocationFailureInAStepNamesTheBatchSizeAndSuggestsASmallerOne() {
    assertThatThrownBy(
            () -> trainer(() -> new EngineException(TORCH_OOM)).train(TrainingData.of(DATA, 1)))
        .isInstanceOf(OutOfMemory.class)
        .hasMessageContaining("training step 2 of epoch 1")
        .hasMessageContaining("batch-size 64")
        .hasMessageContaining("-p batch-size=32")
        .hasMessageContaining("DefaultCPUAllocator");
  }

  @Test
  void javaHeapExhaustionIsReportedInsteadOfEndingTheJvm() {
    assertThatThrownBy(
            () ->
                trainer(() -> new OutOfMemoryError("Java heap space"))
                    .train(TrainingData.of(DATA, 1)))
        .isInstanceOf(OutOfMemory.class)
        .hasMessageContaining("batch-size 64")
        .hasMessageContaining("-Xmx")
        .hasCauseInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void otherFailuresPassThroughUnchanged() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> trainer(() -> boom).train(TrainingData.of(DATA, 1))).isSameAs(boom);
    assertThat(OutOfMemory.isOutOfMemory(new EngineException("shape mismatch"))).isFalse();
    assertThat(OutOfMemory.isOutOfMemory(new EngineException(TORCH_OOM))).isTrue();
  }

  @Test
  void anEncoderFailureKeepsItsDetailAndGainsTheBatchSize() {
    RuntimeException inner = OutOfMemory.wrap(new EngineException(TORCH_OOM), 900, 8192);
    assertThat(inner).isInstanceOf(OutOfMemory.class).hasMessageContaining("900 distinct items");
    RuntimeException outer = OutOfMemory.inTraining(inner, 3, 4, 1024, 256);
    assertThat(outer)
        .hasMessageContaining("900 distinct items")
        .hasMessageContaining("batch-size 1024")
        .hasMessageContaining("step 5 of epoch 3")
        .hasMessageContaining("--fine-tune top-1");
  }
}
