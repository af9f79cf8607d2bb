package dev.winnow.runtime.nn;

/** Where each family keeps its encoder parameters, in Hugging Face's state-dict names. */
record ParameterNames(
    String prefix,
    String wordEmbeddings,
    String positionEmbeddings,
    String tokenTypeEmbeddings,
    String embeddingNorm,
    String layerRoot,
    String queryName,
    String keyName,
    String valueName,
    String attentionOutputName,
    String attentionNormName,
    String ffnInName,
    String ffnOutName,
    String outputNormName) {

  private static final ParameterNames BERT_STYLE = new ParameterNames(
      "", "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
      "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm", "encoder.layer.",
      "attention.self.query", "attention.self.key", "attention.self.value",
      "attention.output.dense", "attention.output.LayerNorm",
      "intermediate.dense", "output.dense", "output.LayerNorm");

  private static final ParameterNames DISTILBERT = new ParameterNames(
      "distilbert.", "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
      null, "embeddings.LayerNorm", "transformer.layer.",
      "attention.q_lin", "attention.k_lin", "attention.v_lin",
      "attention.out_lin", "sa_layer_norm",
      "ffn.lin1", "ffn.lin2", "output_layer_norm");

  static ParameterNames of(EncoderFamily family) {
    return switch (family) {
      case BERT -> BERT_STYLE.withPrefix("bert.");
      case ROBERTA -> BERT_STYLE.withPrefix("roberta.");
      case DISTILBERT -> DISTILBERT;
    };
  }

  private ParameterNames withPrefix(String value) {
    return new ParameterNames(value, wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings, embeddingNorm,
        layerRoot, queryName, keyName, valueName, attentionOutputName, attentionNormName, ffnInName, ffnOutName,
        outputNormName);
  }

  String query(int layer) {
    return layerRoot + layer + "." + queryName;
  }

  String key(int layer) {
    return layerRoot + layer + "." + keyName;
  }

  String value(int layer) {
    return layerRoot + layer + "." + valueName;
  }

  String attentionOutput(int layer) {
    return layerRoot + layer + "." + attentionOutputName;
  }

  String attentionNorm(int layer) {
    return layerRoot + layer + "." + attentionNormName;
  }

  String ffnIn(int layer) {
    return layerRoot + layer + "." + ffnInName;
  }

  String ffnOut(int layer) {
    return layerRoot + layer + "." + ffnOutName;
  }

  String outputNorm(int layer) {
    return layerRoot + layer + "." + outputNormName;
  }
}
