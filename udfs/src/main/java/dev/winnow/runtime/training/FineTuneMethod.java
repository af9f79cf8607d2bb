package dev.winnow.runtime.training;

/** Which weights a fine-tune trains; a classifier head is always trained. */
public enum FineTuneMethod {
  /** Low-rank adapters on chosen dense layers; the base encoder stays frozen and is referenced. */
  LORA,
  /** Every encoder weight; the result is a complete Hugging Face checkpoint. */
  FULL
}
