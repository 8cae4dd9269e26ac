package dev.flm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md documents every option of the core commands (regenerate it with docs/gen-cli.sh).
 * Commands that other modules add are documented by the same script but not checked here, so adding
 * a command never breaks the build.
 */
class CliDocsTest {
  private static final Set<String> CHECKED =
      Set.of(
          "flm",
          "flm data",
          "flm data stats",
          "flm data clean",
          "flm data split",
          "flm train",
          "flm recommend",
          "flm evaluate",
          "flm quickstart",
          "flm models");

  @Test
  void everyCommandAndOptionIsInTheReference() throws Exception {
    Path doc = Path.of("..", "docs", "cli.md");
    assertThat(doc).exists();
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    check(Main.commandLine(), text, missing);
    assertThat(missing).as("docs/cli.md is out of date: run docs/gen-cli.sh").isEmpty();
  }

  private static void check(CommandLine cl, String text, List<String> missing) {
    String name = cl.getCommandSpec().qualifiedName();
    if (!CHECKED.contains(name)) {
      return;
    }
    if (!text.contains("### " + name)) {
      missing.add(name);
    }
    int at = text.indexOf("### " + name + "\n");
    if (at >= 0) {
      int end = text.indexOf("\n```\n", text.indexOf("```", at) + 3);
      String section = text.substring(at, end < 0 ? text.length() : end);
      Set<String> known = new HashSet<>();
      for (OptionSpec o : cl.getCommandSpec().options()) {
        for (String n : o.names()) {
          known.add(n);
          if (o.negatable() && n.startsWith("--")) {
            known.add("--[no-]" + n.substring(2));
          }
        }
      }
      Matcher m = Pattern.compile("(?m)^\\s+(?:-\\w, )?(--[\\w\\[\\]-]+)").matcher(section);
      while (m.find()) {
        if (!known.contains(m.group(1))) {
          missing.add(name + ": documented option " + m.group(1) + " does not exist");
        }
      }
    }
    cl.getSubcommands()
        .forEach(
            (n, sub) -> {
              if (!n.equals("help")) {
                check(sub, text, missing);
              }
            });
  }
}
