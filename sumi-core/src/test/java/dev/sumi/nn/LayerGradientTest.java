package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LayerGradientTest {

  static Stream<Arguments> layers() {
    Shape image = Shape.of(3, 7, 7);
    Shape flat = Shape.of(11);
    List<Object[]> cases =
        List.of(
            new Object[] {"Conv2D valid", (Supplier<Layer>) () -> Conv2D.of(4, 3), image},
            new Object[] {
              "Conv2D same stride 2 relu",
              (Supplier<Layer>) () -> Conv2D.of(4, 3).same().stride(2).relu(),
              image
            },
            new Object[] {
              "Conv2D 5x5 same tanh no bias",
              (Supplier<Layer>) () -> Conv2D.of(2, 5).same().activation(Activation.TANH).noBias(),
              image
            },
            new Object[] {"Dense", (Supplier<Layer>) () -> Dense.of(5), flat},
            new Object[] {
              "Dense tanh", (Supplier<Layer>) () -> Dense.of(5).activation(Activation.TANH), flat
            },
            new Object[] {
              "Dense sigmoid",
              (Supplier<Layer>) () -> Dense.of(5).activation(Activation.SIGMOID),
              flat
            },
            new Object[] {"MaxPool2D", (Supplier<Layer>) () -> MaxPool2D.of(2), image},
            new Object[] {
              "MaxPool2D 3 stride 2", (Supplier<Layer>) () -> MaxPool2D.of(3).stride(2), image
            },
            new Object[] {"AvgPool2D", (Supplier<Layer>) () -> AvgPool2D.of(2), image},
            new Object[] {"GlobalAvgPool2D", (Supplier<Layer>) GlobalAvgPool2D::of, image},
            new Object[] {"Dropout", (Supplier<Layer>) () -> Dropout.of(0.3), image},
            new Object[] {"Flatten", (Supplier<Layer>) Flatten::of, image},
            new Object[] {"ReLU", (Supplier<Layer>) ReLU::of, image},
            new Object[] {"LeakyReLU", (Supplier<Layer>) () -> LeakyReLU.of(0.1), image},
            new Object[] {"Sigmoid", (Supplier<Layer>) Sigmoid::of, flat},
            new Object[] {"Tanh", (Supplier<Layer>) Tanh::of, flat},
            new Object[] {"Softmax", (Supplier<Layer>) Softmax::of, flat},
            new Object[] {"BatchNorm images", (Supplier<Layer>) BatchNorm::of, image},
            new Object[] {
              "DepthwiseConv2D valid", (Supplier<Layer>) () -> DepthwiseConv2D.of(3), image
            },
            new Object[] {
              "DepthwiseConv2D same stride 2 x2 tanh",
              (Supplier<Layer>)
                  () ->
                      DepthwiseConv2D.of(3)
                          .same()
                          .stride(2)
                          .depthMultiplier(2)
                          .activation(Activation.TANH),
              image
            },
            new Object[] {
              "DepthwiseConv2D 5x5 same sigmoid no bias",
              (Supplier<Layer>)
                  () -> DepthwiseConv2D.of(5).same().activation(Activation.SIGMOID).noBias(),
              image
            },
            new Object[] {"BatchNorm features", (Supplier<Layer>) BatchNorm::of, flat},
            new Object[] {
              "SeparableConv2D same", (Supplier<Layer>) () -> SeparableConv2D.of(4, 3).same(), image
            },
            new Object[] {
              "SeparableConv2D stride 2 x2 tanh",
              (Supplier<Layer>)
                  () ->
                      SeparableConv2D.of(3, 3)
                          .stride(2)
                          .depthMultiplier(2)
                          .activation(Activation.TANH),
              image
            });
    Stream.Builder<Arguments> args = Stream.builder();
    for (Object[] c : cases) {
      args.add(Arguments.of(c[0] + " / scalar", c[1], c[2], Kernels.scalar()));
      args.add(Arguments.of(c[0] + " / best", c[1], c[2], Kernels.best(2)));
    }
    return args.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void backwardMatchesFiniteDifferences(
      String name, Supplier<Layer> layer, Shape inputShape, Kernels kernels) {
    GradientCheck.check(layer.get(), inputShape, 3, kernels, name.hashCode());
  }
}
