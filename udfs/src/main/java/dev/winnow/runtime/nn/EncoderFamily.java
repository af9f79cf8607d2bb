package dev.winnow.runtime.nn;

/**
 * The transformer encoder families Winnow implements, which differ in embeddings and parameter
 * names but share the post-LayerNorm encoder block.
 */
public enum EncoderFamily {
  /** BERT and MiniLM: word + position + token-type embeddings. */
  BERT,
  /** RoBERTa: like BERT, but positions count from {@code padding_idx + 1} and skip padding. */
  ROBERTA,
  /** DistilBERT: word + position embeddings only, its own parameter names. */
  DISTILBERT
}
