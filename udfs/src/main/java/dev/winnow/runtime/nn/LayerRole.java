package dev.winnow.runtime.nn;

/** What a dense layer of an encoder block does: the names adapters are targeted by. */
public enum LayerRole {
  QUERY, KEY, VALUE, ATTENTION_OUTPUT, FFN_IN, FFN_OUT
}
