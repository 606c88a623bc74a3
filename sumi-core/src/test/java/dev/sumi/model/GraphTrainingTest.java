package dev.sumi.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.TestData;
import dev.sumi.data.DataSplits;
import dev.sumi.data.Datasets;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Flatten;
import dev.sumi.nn.MaxPool2D;
import dev.sumi.nn.ReLU;
import dev.sumi.optim.Adam;
import dev.sumi.tensor.Shape;
import dev.sumi.train.Evaluation;
import dev.sumi.train.Fit;
import org.junit.jupiter.api.Test;

/** A small residual network with a concatenated branch learns real MNIST. */
class GraphTrainingTest {

  @Test
  void residualNetworkLearnsMnistInThreeHundredSteps() {
    DataSplits mnist = Datasets.load("mnist", TestData.require("mnist"));
    Node in = Graph.input(Shape.of(1, 28, 28));
    Node x = in.then(Conv2D.of(16, 3).same().relu()).then(MaxPool2D.of(2));
    Node y = x.then(Conv2D.of(16, 3).same().relu()).then(Conv2D.of(16, 3).same());
    Node z = Graph.add(x, y).then(ReLU.of()).then(MaxPool2D.of(2));
    Node side = z.then(Conv2D.of(8, 1).relu());
    Node out = Graph.concat(z, side).then(Flatten.of()).then(Dense.of(10));
    Model model = Graph.model(in, out, 1).threads(2);

    model.fit(
        mnist.train().subset(0, 19_200),
        Fit.epochs(1).batchSize(64).optimizer(Adam.lr(2e-3)).seed(1));
    Evaluation test = model.evaluate(mnist.test().subset(0, 2_000));
    assertTrue(test.accuracy() > 0.9, "test accuracy " + test.accuracy());
  }
}
