package dev.flm.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.data.Dataset;
import dev.flm.data.io.DataLoader;
import dev.flm.eval.EvaluationResult;
import dev.flm.eval.Evaluator;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import dev.flm.split.Split;
import dev.flm.split.SplitProtocol;
import dev.flm.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-shot text model on ml-latest-small's cold-item split must beat the TF-IDF reference
 * (NDCG@10 0.1255) measured outside FLM on the same split.
 */
class TextModelQualityTest {
  @TempDir Path cacheDir;

  @Test
  void coldItemNdcgBeatsTfIdfReference() throws Exception {
    Path ml = TestData.requireMlLatestSmall();
    Dataset data = DataLoader.load(ml);
    Split split = SplitProtocol.coldItem(0.2, 42).split(data);
    String encoderName = System.getProperty("flm.test.encoder", "all-minilm-l6-v2-q");
    TextModelConfig config =
        TextModelConfig.defaults().withEncoder(encoderName).withTemplate(TextTemplate.DEFAULT_ITEM);
    Recommender model;
    try (OnnxEncoder raw = ModelCatalogue.open(encoderName);
        CachingEncoder enc =
            new CachingEncoder(raw, EmbeddingCache.open(cacheDir, raw.id(), raw.dimension()))) {
      long t0 = System.nanoTime();
      model = TextModelType.trainer(config, enc).train(TrainingData.of(split.train(), 42));
      System.out.printf(
          "text model (%s, template '%s') built in %.1f s%n",
          encoderName, config.template(), (System.nanoTime() - t0) / 1e9);
    }
    EvaluationResult r =
        Evaluator.builder(split).model(model).metrics("ndcg@10", "recall@10").bootstrap(0, 1).run();
    double ndcg = r.model("text").mean("ndcg@10");
    System.out.printf(
        "cold-item ndcg@10 = %.4f, recall@10 = %.4f%n", ndcg, r.model("text").mean("recall@10"));
    assertThat(ndcg).isGreaterThanOrEqualTo(0.1255);
  }
}
