package dev.winnow.runtime.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;
import dev.winnow.runtime.WinnowErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face fast tokenizer ({@code tokenizer.json}) that never truncates or pads: windowing
 * and padding are the batcher's job, so the full token count of every text is known.
 */
public final class TextTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;

  private TextTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  public static TextTokenizer fromFile(Path tokenizerJson) {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw WinnowErrors.badModel("tokenizer file not found: " + tokenizerJson);
    }
    try {
      return new TextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
          "addSpecialTokens", "true",
          "truncation", "false",
          "padding", "false",
          // Rust-side batch encoding parallelism would fight Spark's task threads for cores.
          "tokenizers_parallelism", "false")));
    } catch (IOException | RuntimeException e) {
      throw WinnowErrors.badModel("cannot read tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }

  public TokenizedText encode(String text) {
    return toTokenized(tokenizer.encode(text));
  }

  public List<TokenizedText> encodeAll(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    List<TokenizedText> result = new ArrayList<>(encodings.length);
    for (Encoding encoding : encodings) {
      result.add(toTokenized(encoding));
    }
    return result;
  }

  /** Encodes (context, text) pairs with the tokenizer's pair template, in one native call. */
  public List<TokenizedPair> encodePairs(List<String> contexts, List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(new PairList<>(contexts, texts));
    List<TokenizedPair> result = new ArrayList<>(encodings.length);
    for (Encoding encoding : encodings) {
      result.add(TokenizedPair.fromSequenceIds(encoding.getIds(), encoding.getTypeIds(), encoding.getSequenceIds()));
    }
    return result;
  }

  private static TokenizedText toTokenized(Encoding encoding) {
    long[] special = encoding.getSpecialTokenMask();
    int prefix = 0;
    while (prefix < special.length && special[prefix] == 1) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < special.length - prefix && special[special.length - 1 - suffix] == 1) {
      suffix++;
    }
    return new TokenizedText(encoding.getIds(), encoding.getTypeIds(), prefix, suffix);
  }

  @Override
  public void close() {
    tokenizer.close();
  }

}
