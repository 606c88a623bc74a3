package dev.sumi.track;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is known when a run starts.
 *
 * @param name a human name (defaults to the run folder's name)
 * @param dataset data set name, e.g. {@code mnist}
 * @param model zoo model name or a description
 * @param runDir the run's folder; artifact paths are relative to it
 * @param sweepId the sweep this run is a trial of, or null
 * @param config hyper-parameters, flat where possible (JSON-ready values, null allowed)
 * @param environment JVM, cores, OS, sumi version, git commit (JSON-ready values)
 */
public record NewRun(
    String name,
    String dataset,
    String model,
    Path runDir,
    String sweepId,
    Map<String, Object> config,
    Map<String, Object> environment,
    List<String> tags) {

  public NewRun {
    // Copies that keep the given order and allow null values (JSON null), unlike Map.copyOf.
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    tags = List.copyOf(tags);
  }

  /** A run outside any folder or sweep, named after its data set and model, without tags. */
  public static NewRun of(String dataset, String model, Map<String, Object> config) {
    return new NewRun(
        dataset + "-" + model, dataset, model, null, null, config, Map.of(), List.of());
  }
}
