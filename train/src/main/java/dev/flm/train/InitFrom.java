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
 * the constant item/user/cold-bias parts, by {@link FlmTrainer}'s parameter names. The encoder
 * itself comes from the folder's {@code encoder/}; ID embeddings belong to the old data set and are
 * not carried over.
 */
public final class InitFrom {
  private InitFrom() {}

  /**
   * The projections of the FLM model in {@code dir}, or an empty map when {@code dir} is an encoder
   * folder rather than a model folder.
   */
  public static Map<String, float[]> projections(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(ModelFolder.MANIFEST))) {
      return Map.of();
    }
    ModelFolder folder = ModelFolder.open(dir);
    Recommender r = ModelType.named(folder.type()).load(folder);
    if (!(r instanceof FlmRecommender flm)) {
      throw new IllegalArgumentException(
          "init-from " + dir + ": a model of type '" + r.type() + "', not an FLM model");
    }
    FlmParts p = flm.parts();
    Map<String, float[]> m = new LinkedHashMap<>();
    put(m, "itemTextW", p.itemTextProj());
    put(m, "textBiasW", p.textBias());
    put(m, "historyTextW", p.historyTextProj());
    put(m, "userTextW", p.userTextProj());
    put(m, "featureW", p.featureProj());
    put(m, "itemBase", p.itemBase());
    put(m, "userBase", p.userBase());
    m.put("coldBias", new float[] {p.coldBias()});
    return m;
  }

  private static void put(Map<String, float[]> m, String name, float[] v) {
    if (v != null) {
      m.put(name, v);
    }
  }
}
