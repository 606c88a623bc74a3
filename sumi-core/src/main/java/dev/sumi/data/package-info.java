/**
 * Image classification data sets: the IDX and NumPy .npz readers ({@link dev.sumi.data.Idx}, {@link
 * dev.sumi.data.Npz}), immutable in-memory data sets with normalised batch filling ({@link
 * dev.sumi.data.Dataset}), deterministic shuffling and batching ({@link dev.sumi.data.Shuffler},
 * {@link dev.sumi.data.Batches}), and loading of MNIST, Fashion-MNIST, KMNIST and Kuzushiji-49 by
 * name with verified downloads ({@link dev.sumi.data.Datasets}).
 */
package dev.sumi.data;
