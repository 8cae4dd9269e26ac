package dev.flm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.data.Dataset;
import dev.flm.data.DemoData;
import dev.flm.eval.EvaluationResult;
import dev.flm.split.Split;
import dev.flm.split.SplitProtocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentTest {
  private final Dataset data = DemoData.generate(new DemoData.Config(80, 120, 12, 5));
  private final Split split = SplitProtocol.userTemporal(0.2).split(data);

  @Test
  void paramsGoToTheModelTheyName() {
    List<Experiment.ModelSpec> specs =
        Experiment.specs(List.of("mostpop", "random"), List.of("random.k=3"));
    assertThat(specs).extracting(Experiment.ModelSpec::name).containsExactly("mostpop", "random");
    assertThat(specs.get(1).params().asMap()).containsEntry("k", "3");
    assertThat(specs.get(0).params().asMap()).isEmpty();
    assertThatThrownBy(() -> Experiment.specs(List.of("mostpop"), List.of("random.k=3")))
        .hasMessageContaining("not in --models");
    assertThatThrownBy(() -> Experiment.specs(List.of("mostpop"), List.of("k=3")))
        .hasMessageContaining("MODEL.KEY=VALUE");
    assertThatThrownBy(() -> Experiment.specs(List.of("mostpop", "mostpop"), List.of()))
        .hasMessageContaining("twice");
  }

  @Test
  void labelEqualsTypeComparesTwoConfigurationsOfOneType() {
    List<Experiment.ModelSpec> specs =
        Experiment.specs(List.of("random", "random-b=random"), List.of("random-b.k=3"));
    assertThat(specs).extracting(Experiment.ModelSpec::name).containsExactly("random", "random-b");
    assertThat(specs.get(1).type().name()).isEqualTo("random");
    assertThat(specs.get(1).params().asMap()).containsEntry("k", "3");
    assertThat(specs.get(0).params().asMap()).isEmpty();
    assertThatThrownBy(() -> Experiment.specs(List.of("x=nosuchtype"), List.of()))
        .hasMessageContaining("nosuchtype");
    EvaluationResult r =
        Experiment.run(
                data,
                split,
                Experiment.specs(List.of("mostpop", "pop2=mostpop"), List.of()),
                List.of("ndcg@10"),
                0,
                1,
                false,
                new PrintWriter(new StringWriter()))
            .result();
    assertThat(r.models())
        .extracting(EvaluationResult.ModelResult::name)
        .containsExactly("mostpop", "pop2");
    assertThat(r.model("pop2").mean("ndcg@10")).isEqualTo(r.model("mostpop").mean("ndcg@10"));
  }

  @Test
  void quickstartSkipsAModelThatFailsAndEvaluatesTheRest() {
    StringWriter err = new StringWriter();
    List<Experiment.ModelSpec> specs =
        Experiment.specs(List.of("mostpop", "test-failing", "random"), List.of());
    EvaluationResult r =
        Experiment.run(data, split, specs, List.of("ndcg@10"), 0, 1, true, new PrintWriter(err))
            .result();
    assertThat(r.models())
        .extracting(EvaluationResult.ModelResult::name)
        .containsExactly("mostpop", "random");
    assertThat(err.toString()).contains("flm: skipped test-failing: this model always fails");
    assertThat(Experiment.table(r)).contains("mostpop").contains("ndcg@10");
  }

  @Test
  void evaluateStopsAtAModelThatFails() {
    List<Experiment.ModelSpec> specs =
        Experiment.specs(List.of("mostpop", "test-failing"), List.of());
    assertThatThrownBy(
            () ->
                Experiment.run(
                    data, split, specs, null, 0, 1, false, new PrintWriter(new StringWriter())))
        .hasMessage("this model always fails");
  }

  @Test
  void quickstartRunsTheRegisteredQuickModelsAndSkipsCostlyOnesOnBigCatalogues() {
    List<String> small = QuickstartCommand.defaultModels(1500);
    assertThat(small).startsWith("random", "mostpop");
    assertThat(QuickstartCommand.MODELS).containsAll(small);
    assertThat(small).doesNotContain("test-failing");
    List<String> big = QuickstartCommand.defaultModels(QuickstartCommand.SMALL_CATALOGUE + 1);
    assertThat(big).startsWith("random", "mostpop").doesNotContain("ease", "text");
  }
}
