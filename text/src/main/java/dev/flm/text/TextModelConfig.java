package dev.flm.text;

import dev.flm.model.Params;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the zero-shot {@code text} model.
 *
 * @param encoder catalogue name or local model folder
 * @param template item text template (see {@link TextTemplate}), or {@code auto} to pick title,
 *     genres, categories and description where the data has them
 * @param halfLife recency half-life of the user vector in events: the k-th most recent item weighs
 *     {@code 0.5^(k/halfLife)}; 0 weighs the whole history equally
 * @param likedRating interactions rated below this count at {@code dislikedWeight}; 0 treats every
 *     interaction alike
 * @param dislikedWeight weight of interactions rated below {@code likedRating}, in 0..1
 * @param center subtract the mean catalogue vector from every text vector (then re-normalise),
 *     which removes what all item texts share (their format, the language) from the cosine
 * @param cache keep vectors in the on-disk embedding cache
 */
public record TextModelConfig(
    String encoder,
    String template,
    double halfLife,
    double likedRating,
    double dislikedWeight,
    boolean center,
    boolean cache) {

  public TextModelConfig {
    Objects.requireNonNull(encoder, "encoder");
    if (!TextTemplate.AUTO.equals(template)) {
      TextTemplate.parse(template);
    }
    Params.checkRange("halfLife", halfLife, 0, 1e9);
    Params.checkRange("likedRating", likedRating, 0, 1e9);
    Params.checkRange("dislikedWeight", dislikedWeight, 0, 1);
  }

  public static TextModelConfig defaults() {
    return new TextModelConfig(ModelCatalogue.DEFAULT, TextTemplate.AUTO, 0, 0, 1, true, true);
  }

  /**
   * Reads {@code encoder}, {@code template}, {@code halfLife}, {@code likedRating}, {@code
   * dislikedWeight}, {@code center}, {@code cache}; rejects unknown keys.
   */
  public static TextModelConfig from(Params p) {
    TextModelConfig d = defaults();
    TextModelConfig c =
        new TextModelConfig(
            p.getString("encoder", d.encoder()),
            p.getString("template", d.template()),
            p.getDouble("halfLife", d.halfLife(), 0, 1e9),
            p.getDouble("likedRating", d.likedRating(), 0, 1e9),
            p.getDouble("dislikedWeight", d.dislikedWeight(), 0, 1),
            p.getBoolean("center", d.center()),
            p.getBoolean("cache", d.cache()));
    p.checkAllUsed(TextModelType.NAME);
    return c;
  }

  public TextModelConfig withEncoder(String e) {
    return new TextModelConfig(e, template, halfLife, likedRating, dislikedWeight, center, cache);
  }

  public TextModelConfig withTemplate(String t) {
    return new TextModelConfig(encoder, t, halfLife, likedRating, dislikedWeight, center, cache);
  }

  public TextModelConfig withHistoryWeights(double half, double liked, double disliked) {
    return new TextModelConfig(encoder, template, half, liked, disliked, center, cache);
  }

  public TextModelConfig withCenter(boolean c) {
    return new TextModelConfig(encoder, template, halfLife, likedRating, dislikedWeight, c, cache);
  }

  /** Every setting by name, for provenance. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("encoder", encoder);
    m.put("template", template);
    m.put("halfLife", Double.toString(halfLife));
    m.put("likedRating", Double.toString(likedRating));
    m.put("dislikedWeight", Double.toString(dislikedWeight));
    m.put("center", Boolean.toString(center));
    m.put("cache", Boolean.toString(cache));
    return m;
  }
}
