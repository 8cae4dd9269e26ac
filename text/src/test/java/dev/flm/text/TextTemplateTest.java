package dev.flm.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.data.Attributes;
import dev.flm.data.IdIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextTemplateTest {
  static Attributes movies() {
    IdIndex idx = IdIndex.of("1", "2", "3");
    Map<String, Attributes.Field> f = new LinkedHashMap<>();
    f.put(
        "title",
        new Attributes.TextField("title", new String[] {"Toy Story (1995)", " Heat ", null}));
    f.put(
        "genres",
        new Attributes.CategoricalField(
            "genres", new String[][] {{"Animation", "Comedy"}, {}, {"Drama"}}));
    f.put("tags", new Attributes.TextField("tags", new String[] {"pixar, fun", null, ""}));
    f.put("year", new Attributes.NumericField("year", new float[] {1995f, Float.NaN, 2.5f}));
    return new Attributes(idx, f);
  }

  @Test
  void rendersFieldsAndDropsEmptySections() {
    TextTemplate t = TextTemplate.parse(TextTemplate.ITEM_WITH_TAGS);
    assertThat(t.fields()).containsExactly("title", "genres", "tags");
    assertThat(t.renderAll(movies()))
        .containsExactly(
            "Toy Story (1995). Genres: Animation, Comedy. Tags: pixar, fun",
            "Heat",
            ". Genres: Drama");
  }

  @Test
  void numbersIdsAndEscapes() {
    TextTemplate t = TextTemplate.parse("\\[{id}\\] {title}[ ({year})]");
    assertThat(t.renderAll(movies()))
        .containsExactly("[1] Toy Story (1995) (1995)", "[2] Heat", "[3]  (2.5)");
  }

  @Test
  void badTemplatesAndUnknownFieldsSayWhat() {
    assertThatThrownBy(() -> TextTemplate.parse("{title"))
        .hasMessageContaining("position 0")
        .hasMessageContaining("unclosed '{'");
    assertThatThrownBy(() -> TextTemplate.parse("{title}[. {genres}"))
        .hasMessageContaining("unclosed '['");
    assertThatThrownBy(() -> TextTemplate.parse("{title}]"))
        .hasMessageContaining("']' without '['");
    assertThatThrownBy(() -> TextTemplate.parse("no fields")).hasMessageContaining("no {field}");
    assertThatThrownBy(() -> TextTemplate.parse("{plot}").renderAll(movies()))
        .hasMessageContaining("{plot} is not in the data")
        .hasMessageContaining("[title, genres, tags, year]");
  }

  @Test
  void userTextFromRecentTitles() {
    assertThat(TextTemplate.recentItems(movies(), "title", new int[] {0, 2, 1}, 2))
        .isEqualTo("Heat; Toy Story (1995)");
    assertThat(TextTemplate.recentItems(movies(), "title", new int[0], 2)).isEmpty();
    assertThat(List.of(TextTemplate.DEFAULT_ITEM)).allMatch(s -> !s.contains("tags"));
  }
}
