package dev.sumi.nn;

import java.util.SplittableRandom;

/**
 * What a layer gets when it is built: a seeded random source for initialisation, and whether
 * anything upstream needs the gradient with respect to its input (false for the first layer, which
 * then skips that work).
 */
public record BuildContext(SplittableRandom random, boolean inputGradient) {}
