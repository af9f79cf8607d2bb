package dev.winnow.runtime.checkpoint;

import dev.winnow.runtime.nn.EncoderSpec;
import dev.winnow.runtime.nn.Pooling;
import dev.winnow.runtime.nn.Weights;
import java.nio.file.Path;
import java.util.List;

/**
 * What a Hugging Face checkpoint folder holds, read and resolved (base encoder, merged adapters)
 * but not yet assembled into a network: the seam between reading a format and building a model.
 *
 * @param folder the checkpoint folder
 * @param typeVocabSize token types the embeddings know
 * @param weights every tensor by its stored name, fp32
 * @param tokenizerFile the {@code tokenizer.json} its texts are encoded with
 * @param pooling how a pooled head reads the encoder's states
 * @param labels {@code id2label}, empty for a bare encoder
 */
public record CheckpointParts(
    Path folder, EncoderSpec encoder, int typeVocabSize, Weights weights, Path tokenizerFile, Pooling pooling,
    List<String> labels) {}
