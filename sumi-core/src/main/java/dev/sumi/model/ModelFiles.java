package dev.sumi.model;

import dev.sumi.io.Json;
import dev.sumi.io.ModelFile;
import dev.sumi.io.ModelFileException;
import dev.sumi.nn.Layer;
import dev.sumi.nn.Layers;
import dev.sumi.tensor.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON header of a model file, and rebuilding a model from one. */
final class ModelFiles {
  private ModelFiles() {}

  static Map<String, Object> header(Model model) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("architecture", model.architectureForFile());
    Map<String, Object> norm = new LinkedHashMap<>();
    norm.put("mean", (double) model.normalization().mean());
    norm.put("std", (double) model.normalization().std());
    h.put("normalization", norm);
    h.put("class_names", model.classNames());
    return h;
  }

  static Model load(Path path) {
    ModelFile.Contents contents;
    try {
      contents = ModelFile.read(path);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("Model file " + path + " does not exist.", e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the model file " + path + ": " + e.getMessage(), e);
    }
    try {
      return rebuild(contents);
    } catch (RuntimeException e) {
      throw new ModelFileException(
          "Model file " + path + " has an invalid architecture: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Model rebuild(ModelFile.Contents contents) {
    Map<String, Object> header = (Map<String, Object>) Json.parse(contents.architectureJson());
    Map<String, Object> arch = (Map<String, Object>) header.get("architecture");
    String kind = arch == null ? null : String.valueOf(arch.get("class"));
    if (!"Sequential".equals(kind) && !"Graph".equals(kind)) {
      throw new IllegalArgumentException("expected a Sequential or Graph architecture");
    }
    Shape inputShape = shape((List<Object>) arch.get("input_shape"));
    Model model =
        kind.equals("Graph")
            ? GraphArchitecture.read(arch, inputShape)
            : sequential(arch, inputShape);
    List<String> names = new ArrayList<>();
    model.parameters().forEach(p -> names.add(p.name()));
    model.state().forEach(s -> names.add(s.name()));
    List<float[]> targets = model.tensors();
    List<float[]> tensors = contents.tensors();
    if (tensors.size() != targets.size()) {
      throw new IllegalArgumentException(
          "it holds " + tensors.size() + " weight tensors but the layers need " + targets.size());
    }
    for (int i = 0; i < targets.size(); i++) {
      float[] src = tensors.get(i);
      float[] dst = targets.get(i);
      if (src.length != dst.length) {
        throw new IllegalArgumentException(
            "weight tensor "
                + (i + 1)
                + " ("
                + names.get(i)
                + ") holds "
                + src.length
                + " values but its layer needs "
                + dst.length);
      }
      System.arraycopy(src, 0, dst, 0, src.length);
    }
    Map<String, Object> norm = (Map<String, Object>) header.get("normalization");
    if (norm != null) {
      model.normalization(
          new Normalization(
              ((Number) norm.get("mean")).floatValue(), ((Number) norm.get("std")).floatValue()));
    }
    List<Object> classNames = (List<Object>) header.get("class_names");
    if (classNames != null) {
      model.classNames(classNames.stream().map(String::valueOf).toList());
    }
    return model;
  }

  @SuppressWarnings("unchecked")
  private static Sequential sequential(Map<String, Object> arch, Shape inputShape) {
    List<Layer> layers = new ArrayList<>();
    for (Object o : (List<Object>) arch.get("layers")) {
      Map<String, Object> entry = (Map<String, Object>) o;
      layers.add(
          Layers.fromConfig((String) entry.get("type"), (Map<String, Object>) entry.get("config")));
    }
    return Sequential.of(layers).build(inputShape);
  }

  private static Shape shape(List<Object> dims) {
    int[] d = new int[dims.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = ((Number) dims.get(i)).intValue();
    }
    return Shape.of(d);
  }
}
