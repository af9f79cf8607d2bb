package dev.winnow.runtime.training;

import ai.djl.ndarray.NDArray;

/**
 * A tensor the optimizer updates.
 *
 * @param name its stored name (what a saved folder calls it)
 * @param decay whether weight decay applies (not to biases and LayerNorm, as is usual)
 * @param head whether it belongs to the classifier head, which may learn at its own rate
 */
public record TrainableParameter(String name, NDArray array, boolean decay, boolean head) {}
