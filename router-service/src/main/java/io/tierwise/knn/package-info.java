/**
 * The kNN memory: a Lucene HNSW index of labelled prompt embeddings with each prompt's per-model
 * outcomes, and the neighbour-based difficulty features the router's classifier consumes.
 *
 * <p>{@link io.tierwise.knn.KnnMemoryWriter} builds or appends to a memory directory, {@link
 * io.tierwise.knn.KnnMemory} searches it (and can {@linkplain io.tierwise.knn.KnnMemory#refresh()
 * pick up} documents appended while it serves), and {@link io.tierwise.knn.KnnFeatures} turns the
 * neighbours of a query into a fixed-layout feature vector.
 */
package io.tierwise.knn;
