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
 * @param userText text blended into each user's vector at training: {@code none}, {@code recent}
 *     (the titles of their {@code userTextItems} most recent items, encoded as a query) or a
 *     template over the user fields (profile)
 * @param userTextWeight weight of the user text vector against the history vector, in 0..1
 * @param userTextItems items whose titles make the {@code recent} user text
 * @param cache keep vectors in the on-disk embedding cache
 */
public record TextModelConfig(
    String encoder,
    String template,
    double halfLife,
    double likedRating,
    double dislikedWeight,
    boolean center,
    String userText,
    double userTextWeight,
    int userTextItems,
    boolean cache) {

  /** {@link #userText} value: no user text. */
  public static final String NONE = "none";

  /** {@link #userText} value: titles of the most recent items. */
  public static final String RECENT = "recent";

  public TextModelConfig {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(userText, "userText");
    if (!TextTemplate.AUTO.equals(template)) {
      TextTemplate.parse(template);
    }
    if (!userText.equals(NONE) && !userText.equals(RECENT)) {
      TextTemplate.parse(userText);
    }
    Params.checkRange("halfLife", halfLife, 0, 1e9);
    Params.checkRange("likedRating", likedRating, 0, 1e9);
    Params.checkRange("dislikedWeight", dislikedWeight, 0, 1);
    Params.checkRange("userTextWeight", userTextWeight, 0, 1);
    Params.checkRange("userTextItems", userTextItems, 1, 10_000);
  }

  public static TextModelConfig defaults() {
    return new TextModelConfig(
        ModelCatalogue.DEFAULT, TextTemplate.AUTO, 0, 0, 1, true, NONE, 0.3, 10, true);
  }

  /** Reads every setting by its name from {@code p}; rejects unknown keys. */
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
            p.getString("userText", d.userText()),
            p.getDouble("userTextWeight", d.userTextWeight(), 0, 1),
            p.getInt("userTextItems", d.userTextItems(), 1, 10_000),
            p.getBoolean("cache", d.cache()));
    p.checkAllUsed(TextModelType.NAME);
    return c;
  }

  /** Reads settings written by {@link #asMap}; missing ones take their defaults. */
  public static TextModelConfig fromMap(Map<String, String> m) {
    Map<String, String> known = new LinkedHashMap<>();
    for (String k : defaults().asMap().keySet()) {
      if (m.containsKey(k)) {
        known.put(k, m.get(k));
      }
    }
    return from(new Params(known));
  }

  public TextModelConfig withEncoder(String e) {
    return new TextModelConfig(
        e,
        template,
        halfLife,
        likedRating,
        dislikedWeight,
        center,
        userText,
        userTextWeight,
        userTextItems,
        cache);
  }

  public TextModelConfig withTemplate(String t) {
    return new TextModelConfig(
        encoder,
        t,
        halfLife,
        likedRating,
        dislikedWeight,
        center,
        userText,
        userTextWeight,
        userTextItems,
        cache);
  }

  public TextModelConfig withHistoryWeights(double half, double liked, double disliked) {
    return new TextModelConfig(
        encoder,
        template,
        half,
        liked,
        disliked,
        center,
        userText,
        userTextWeight,
        userTextItems,
        cache);
  }

  public TextModelConfig withCenter(boolean c) {
    return new TextModelConfig(
        encoder,
        template,
        halfLife,
        likedRating,
        dislikedWeight,
        c,
        userText,
        userTextWeight,
        userTextItems,
        cache);
  }

  public TextModelConfig withUserText(String text, double weight, int items) {
    return new TextModelConfig(
        encoder,
        template,
        halfLife,
        likedRating,
        dislikedWeight,
        center,
        text,
        weight,
        items,
        cache);
  }

  /** Every setting by name, for provenance and the saved model. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("encoder", encoder);
    m.put("template", template);
    m.put("halfLife", Double.toString(halfLife));
    m.put("likedRating", Double.toString(likedRating));
    m.put("dislikedWeight", Double.toString(dislikedWeight));
    m.put("center", Boolean.toString(center));
    m.put("userText", userText);
    m.put("userTextWeight", Double.toString(userTextWeight));
    m.put("userTextItems", Integer.toString(userTextItems));
    m.put("cache", Boolean.toString(cache));
    return m;
  }
}
