package dev.flm.testing;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a child JVM whose runtime lacks the {@code java.desktop} module (and every
 * module that needs it), the way a jlink image or a distroless container may: AWT, and so any chart
 * drawing, is missing there. The child gets this JVM's class path and its {@code ai.djl.*} and
 * {@code PYTORCH_*} settings.
 */
public final class NoDesktopJvm {
  /** What the child printed (stdout and stderr together) and how it ended. */
  public record Result(int exitCode, String output) {}

  private NoDesktopJvm() {}

  /** Runs {@code main} with {@code args}; waits at most five minutes. */
  public static Result run(Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--limit-modules");
    cmd.add(String.join(",", modulesWithoutDesktop()));
    cmd.add("-Xmx1g");
    for (String k : System.getProperties().stringPropertyNames()) {
      if (k.startsWith("ai.djl.") || k.startsWith("PYTORCH_")) {
        cmd.add("-D" + k + "=" + System.getProperty(k));
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("child JVM did not end: " + cmd);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** The system modules that neither are nor (transitively) need {@code java.desktop}. */
  static Set<String> modulesWithoutDesktop() {
    Map<String, ModuleDescriptor> byName = new HashMap<>();
    for (ModuleReference r : ModuleFinder.ofSystem().findAll()) {
      byName.put(r.descriptor().name(), r.descriptor());
    }
    Set<String> kept = new TreeSet<>();
    for (String m : byName.keySet()) {
      if (!needsDesktop(m, byName, new HashSet<>())) {
        kept.add(m);
      }
    }
    return kept;
  }

  private static boolean needsDesktop(
      String m, Map<String, ModuleDescriptor> byName, Set<String> visited) {
    if (m.equals("java.desktop")) {
      return true;
    }
    ModuleDescriptor d = byName.get(m);
    if (d == null || !visited.add(m)) {
      return false;
    }
    for (ModuleDescriptor.Requires r : d.requires()) {
      if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
          && needsDesktop(r.name(), byName, visited)) {
        return true;
      }
    }
    return false;
  }
}
