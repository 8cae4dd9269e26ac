package dev.flm.cli;

import dev.flm.data.Dataset;
import dev.flm.data.DemoData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/** What one in-process run of the CLI printed and returned; the tests' way to run a command. */
record CliRun(int code, String out, String err) {

  /** Runs {@code flm args...} in this JVM, capturing both streams. */
  static CliRun flm(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Writes generated demo data to {@code dir}/demo (ratings.tsv, items.tsv) and returns it. */
  static Path writeDemo(Path dir, DemoData.Config config) throws java.io.IOException {
    Dataset demo = DemoData.generate(config);
    Path folder = dir.resolve("demo");
    DemoData.write(demo, folder);
    return folder;
  }

  List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }
}
