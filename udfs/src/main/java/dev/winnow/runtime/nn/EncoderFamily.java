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
  DISTILBERT;

  /** The prefix of encoder parameters in a *ForSequenceClassification checkpoint of this family. */
  public String parameterPrefix() {
    return ParameterNames.of(this).prefix();
  }

  /** The Hugging Face sequence classifier of this family, as {@code architectures} names it. */
  public String sequenceClassifier() {
    return switch (this) {
      case BERT -> "BertForSequenceClassification";
      case ROBERTA -> "RobertaForSequenceClassification";
      case DISTILBERT -> "DistilBertForSequenceClassification";
    };
  }
}
