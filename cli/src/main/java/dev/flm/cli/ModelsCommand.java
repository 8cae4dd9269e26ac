package dev.flm.cli;

import dev.flm.model.ModelType;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flm models}: the registered model types, for {@code --model NAME}. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the model types this build knows (names for --model).")
final class ModelsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, ModelType> all = ModelType.all();
    int w = all.keySet().stream().mapToInt(String::length).max().orElse(4);
    for (ModelType t : all.values()) {
      out.printf("%-" + w + "s  %s%n", t.name(), t.description());
    }
    if (all.isEmpty()) {
      out.println("(no model types registered)");
    }
    out.flush();
    return 0;
  }
}
