package dev.flm.data.io;

import dev.flm.data.Dataset;
import java.util.Objects;

/** A loaded data set and the report of how it was read. */
public record LoadResult(Dataset dataset, LoadReport report) {
  public LoadResult {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(report, "report");
  }
}
