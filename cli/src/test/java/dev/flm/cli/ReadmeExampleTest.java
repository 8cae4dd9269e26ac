package dev.flm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flm.data.Dataset;
import dev.flm.data.io.DataLoader;
import dev.flm.eval.EvaluationResult;
import dev.flm.eval.Evaluator;
import dev.flm.eval.report.ReportWriter;
import dev.flm.model.ItemFilter;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import dev.flm.split.Split;
import dev.flm.split.SplitProtocol;
import dev.flm.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API example of the README, kept compiling and correct. */
class ReadmeExampleTest {

  @Test
  void readmeJavaExampleRunsAsDocumented(@TempDir Path tmp) throws Exception {
    Path ml = TestData.requireMlLatestSmall();

    Dataset data = DataLoader.load(ml);
    Split split = SplitProtocol.userTemporal(0.2).split(data);

    Recommender model =
        ModelType.named("mostpop")
            .trainer(Params.empty())
            .train(TrainingData.of(split.train(), 42));

    int user = data.userIndex().indexOf("1");
    Recommendations top = model.recommend(user, 10, ItemFilter.ALL);
    assertThat(top.size()).isEqualTo(10);
    assertThat(data.itemIndex().idOf(top.items()[0])).isNotBlank();

    EvaluationResult result =
        Evaluator.builder(split).model("mostpop", model).bootstrap(100, 42).run();
    assertThat(result.model("mostpop").mean("ndcg@10")).isCloseTo(0.0876, within(0.0005));
    ReportWriter.write(result, tmp.resolve("reports/mostpop"));
    assertThat(tmp.resolve("reports/mostpop/report.md")).exists();
  }
}
