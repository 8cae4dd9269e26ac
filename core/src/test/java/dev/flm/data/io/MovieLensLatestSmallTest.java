package dev.flm.data.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flm.data.Attributes;
import dev.flm.data.Dataset;
import dev.flm.testing.TestData;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MovieLensLatestSmallTest {

  @Test
  void readsTheWholeCatalogueRatingsAndTags() throws Exception {
    Path dir = TestData.requireMlLatestSmall();
    LoadResult res = DataLoader.load(dir, ReadOptions.defaults());
    Dataset d = res.dataset();
    assertThat(res.report().format()).isEqualTo("movielens");
    assertThat(res.report().rowsRead()).isEqualTo(100836);
    assertThat(res.report().rowsSkipped()).isZero();
    assertThat(d.userIndex().size()).isEqualTo(610);
    assertThat(d.interactions().size()).isEqualTo(100836);
    assertThat(d.itemIndex().size()).isEqualTo(9742);
    assertThat(Arrays.stream(d.interactions().countsPerItem()).filter(c -> c > 0).count())
        .isEqualTo(9724);
    assertThat(d.itemIndex().isSorted()).isTrue();
    assertThat(d.userIndex().isSorted()).isTrue();

    int toyStory = d.itemIndex().indexOf("1");
    Attributes items = d.items();
    assertThat(((Attributes.TextField) items.field("title")).values()[toyStory])
        .isEqualTo("Toy Story (1995)");
    assertThat(((Attributes.CategoricalField) items.field("genres")).values()[toyStory])
        .containsExactly("Adventure", "Animation", "Children", "Comedy", "Fantasy");
    assertThat(((Attributes.NumericField) items.field("year")).values()[toyStory]).isEqualTo(1995f);
    assertThat(((Attributes.TextField) items.field("tags")).values()[toyStory]).contains("pixar");
    assertThat(items.defaultText(toyStory))
        .startsWith("title: Toy Story (1995). genres: Adventure, Animation");

    int first = 0;
    assertThat(d.userIndex().idOf(d.interactions().users()[first])).isEqualTo("1");
    assertThat(d.itemIndex().idOf(d.interactions().items()[first])).isEqualTo("1");
    assertThat(d.interactions().ratings()[first]).isEqualTo(4.0f);
    assertThat(d.interactions().timestamps()[first]).isEqualTo(964982703L);
  }
}
