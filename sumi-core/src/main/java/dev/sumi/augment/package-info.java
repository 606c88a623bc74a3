/**
 * On-the-fly data augmentation for training: random affine transforms ({@link
 * dev.sumi.augment.Affine}), elastic distortion ({@link dev.sumi.augment.Elastic}), random erasing
 * ({@link dev.sumi.augment.Erasing}) and horizontal flips ({@link dev.sumi.augment.Flip}), built
 * with {@link dev.sumi.augment.Augment} and chained with {@link
 * dev.sumi.augment.Augmentation#then}. {@link dev.sumi.augment.Augmenter} applies a chain to the
 * images of a batch in place, in parallel, each image with its own random stream derived from the
 * seed, the epoch and the image's index in the data set, so the result depends on neither the batch
 * size nor the thread count.
 */
package dev.sumi.augment;
