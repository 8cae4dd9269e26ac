package dev.flm.train;

import dev.flm.hybrid.FlmParts;
import dev.flm.hybrid.FlmRecommender;
import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Recommender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The projections of a trained FLM model folder, to start a new training from them ({@code
 * init-from}): the text, history-text, user-text and feature projections, the text bias weights and
 * the constant item/user/cold-bias parts, by {@link FlmTrainer}'s parameter names (those that score
 * new items also start the cold-start head's). The encoder itself comes from the folder's {@code
 * encoder/}; ID embeddings belong to the old data set and are not carried over.
 */
public final class InitFrom {
  private InitFrom() {}

  /**
   * The projections of the FLM model in {@code dir}, or an empty map when {@code dir} is an encoder
   * folder rather than a model folder.
   */
  public static Map<String, float[]> projections(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          "init-from "
              + dir
              + ": no such folder; give a model folder saved by flm train, or an encoder folder");
    }
    if (!Files.isRegularFile(dir.resolve(ModelFolder.MANIFEST))) {
      return Map.of();
    }
    Recommender r;
    try {
      ModelFolder folder = ModelFolder.open(dir);
      r = ModelType.named(folder.type()).load(folder);
    } catch (IOException e) {
      throw new IOException("init-from " + dir + ": " + e.getMessage(), e);
    }
    if (!(r instanceof FlmRecommender flm)) {
      throw new IllegalArgumentException(
          "init-from " + dir + ": a model of type '" + r.type() + "', not an FLM model");
    }
    FlmParts p = flm.parts();
    Map<String, float[]> m = new LinkedHashMap<>();
    // A saved model keeps the projections that score new items: the cold-start head's when it
    // had one. They start both the new run's head and its known items' text path.
    put(m, p.itemTextProj(), "itemTextW", "coldHeadTextW");
    put(m, p.textBias(), "textBiasW", "coldHeadTextBiasW");
    put(m, p.featureProj(), "featureW", "coldHeadFeatureW");
    put(m, p.itemBase(), "itemBase", "coldHeadBase");
    put(m, new float[] {p.coldBias()}, "coldBias", "coldHeadBias");
    put(m, p.historyTextProj(), "historyTextW");
    put(m, p.userTextProj(), "userTextW");
    put(m, p.userBase(), "userBase");
    return m;
  }

  private static void put(Map<String, float[]> m, float[] v, String... names) {
    if (v != null) {
      for (String n : names) {
        m.put(n, v);
      }
    }
  }
}
