package dev.flm.train;

import dev.flm.data.IdIndex;
import dev.flm.hybrid.FlmRecommender;
import dev.flm.model.ItemFilter;
import dev.flm.model.Provenance;
import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.model.TopK;
import dev.flm.text.ColdStartScorer;
import dev.flm.text.Role;
import dev.flm.text.SharedEncoders;
import dev.flm.text.TextEncoder;
import dev.flm.train.bert.BertTextTower;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An FLM model with text-based cold start for the CLI ({@code recommend --user-text}, {@code
 * --item-text}, {@code similar-items}): texts are encoded with the model's own encoder (opened once
 * per process through {@link SharedEncoders}) and folded in with {@link FlmRecommender}'s arrays.
 * Thread-safe.
 */
public final class FlmColdStart implements ColdStartScorer {
  private final FlmRecommender model;
  private final Path encoderFolder;

  public FlmColdStart(FlmRecommender model) {
    this(model, null);
  }

  /**
   * @param encoderFolder the model's own (fine-tuned) encoder, exported beside its arrays, or null
   *     when the model uses the catalogue encoder it names
   */
  public FlmColdStart(FlmRecommender model, Path encoderFolder) {
    this.model = model;
    this.encoderFolder = encoderFolder;
  }

  /** {@code model} with text cold start when it is an FLM model; otherwise {@code model}. */
  public static Recommender adapt(Recommender model) {
    return model instanceof FlmRecommender f ? new FlmColdStart(f) : model;
  }

  /**
   * {@link #adapt(Recommender)} for a model loaded from {@code modelDir}: a model whose encoder was
   * fine-tuned encodes new texts with the tuned encoder saved in its {@code encoder/} folder.
   */
  public static Recommender adapt(Recommender model, Path modelDir) {
    if (!(model instanceof FlmRecommender f)) {
      return model;
    }
    Path enc = modelDir.resolve(BertTextTower.ENCODER_DIR);
    return new FlmColdStart(f, Files.isDirectory(enc) ? enc : null);
  }

  public FlmRecommender model() {
    return model;
  }

  private float[] encode(String text, Role role) {
    String enc = model.encoder();
    if ("none".equals(enc)) {
      throw new IllegalStateException("this FLM model was trained without text");
    }
    if (encoderFolder != null) {
      return SharedEncoders.get(encoderFolder.toString()).encode(text, role);
    }
    if (enc.startsWith("hashing")) {
      return TextSources.resolve(enc).encode(List.of(text))[0];
    }
    TextEncoder e = SharedEncoders.get(enc);
    return e.encode(text, role);
  }

  @Override
  public void scoreUserText(String userText, float[] out) {
    model.scoreVector(model.userVector(encode(userText, Role.QUERY), null), out);
  }

  @Override
  public float[] scoreNewItems(int user, List<String> itemTexts) {
    float[] p = user >= 0 ? model.knownUserVector(user) : model.userVector(null, null);
    float[] s = new float[itemTexts.size()];
    for (int j = 0; j < s.length; j++) {
      s[j] = model.score(p, model.coldItem(encode(itemTexts.get(j), Role.PASSAGE), null));
    }
    return s;
  }

  @Override
  public Recommendations similarItems(int item, int k) {
    float[] q = new float[model.parts().dim()];
    System.arraycopy(model.parts().itemVectors(), item * q.length, q, 0, q.length);
    float[] s = new float[model.itemIndex().size()];
    model.scoreVector(q, s);
    return TopK.select(s, k, ItemFilter.excluding(new int[] {item}));
  }

  @Override
  public String type() {
    return model.type();
  }

  @Override
  public IdIndex userIndex() {
    return model.userIndex();
  }

  @Override
  public IdIndex itemIndex() {
    return model.itemIndex();
  }

  @Override
  public void score(int user, float[] out) {
    model.score(user, out);
  }

  @Override
  public void scoreHistory(int[] historyItems, float[] out) {
    model.scoreHistory(historyItems, out);
  }

  @Override
  public Provenance provenance() {
    return model.provenance();
  }
}
