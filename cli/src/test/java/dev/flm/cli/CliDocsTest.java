package dev.flm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/cli.md documents every command and option the CLI has. */
class CliDocsTest {

  @Test
  void everyCommandAndOptionIsInTheReference() throws Exception {
    Path doc = Path.of("..", "docs", "cli.md");
    assertThat(doc).exists();
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    check(Main.commandLine(), text, missing);
    assertThat(missing)
        .as("regenerate the command sections of docs/cli.md from './flm COMMAND --help'")
        .isEmpty();
  }

  private static void check(CommandLine cl, String text, List<String> missing) {
    String name = cl.getCommandSpec().qualifiedName();
    if (!text.contains("### " + name)) {
      missing.add(name);
    }
    for (OptionSpec o : cl.getCommandSpec().options()) {
      String shown = o.negatable() ? "--[no-]" + o.longestName().substring(2) : o.longestName();
      if (!text.contains(shown)) {
        missing.add(name + " " + o.longestName());
      }
    }
    cl.getSubcommands()
        .forEach(
            (n, sub) -> {
              if (!n.equals("help") && !sub.getCommandSpec().name().startsWith("test-")) {
                check(sub, text, missing);
              }
            });
  }
}
