"""Checks that a full fine-tune written by Winnow is a standard Hugging Face checkpoint.

Usage: python3 check_hf_load.py FOLDER EXPECTED_JSON

FOLDER is what `bin/winnow train training.method=full` wrote; EXPECTED_JSON maps texts to the
probabilities Winnow's own scoring path gave them. The check loads FOLDER unchanged with
transformers' AutoModelForSequenceClassification (no missing or unexpected weights), scores the
texts with the folder's tokenizer.json (on CUDA when present), compares with Winnow's scores, and
compares config keys and tensor names with what save_pretrained writes for the same config.
Prints one JSON line of results; exits 1 on any mismatch.
"""
import json
import sys
import tempfile

import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer
from transformers import AutoConfig, AutoModelForSequenceClassification

folder, expected_file = sys.argv[1], sys.argv[2]
expected = json.load(open(expected_file))
device = "cuda" if torch.cuda.is_available() else "cpu"
model, info = AutoModelForSequenceClassification.from_pretrained(folder, output_loading_info=True)
model = model.to(device).eval()
tokenizer = Tokenizer.from_file(f"{folder}/tokenizer.json")
worst = 0.0
for text, scores in expected.items():
    enc = tokenizer.encode(text)
    ids = torch.tensor([enc.ids], device=device)
    types = torch.tensor([enc.type_ids], device=device)
    with torch.no_grad():
        logits = model(input_ids=ids, token_type_ids=types, attention_mask=torch.ones_like(ids)).logits
    probs = torch.sigmoid(logits)[0].cpu().tolist()
    worst = max(worst, max(abs(a - b) for a, b in zip(probs, scores)))

config = AutoConfig.from_pretrained(folder)
fresh = AutoModelForSequenceClassification.from_config(config)
with tempfile.TemporaryDirectory() as tmp:
    fresh.save_pretrained(tmp, safe_serialization=True)
    theirs = set(load_file(f"{tmp}/model.safetensors").keys())
    their_config = json.load(open(f"{tmp}/config.json"))
ours = set(load_file(f"{folder}/model.safetensors").keys())
our_config = json.load(open(f"{folder}/config.json"))
result = {
    "transformers": __import__("transformers").__version__,
    "device": device,
    "architectures": our_config.get("architectures"),
    "problem_type": model.config.problem_type,
    "missing_keys": sorted(info["missing_keys"]),
    "unexpected_keys": sorted(info["unexpected_keys"]),
    "max_abs_score_difference": worst,
    "tensor_names_only_in_winnow": sorted(ours - theirs),
    "tensor_names_only_in_transformers": sorted(theirs - ours),
    "config_keys_transformers_writes_that_winnow_lacks": sorted(set(their_config) - set(our_config)
                                                                 - {"transformers_version", "dtype", "torch_dtype"}),
}
print(json.dumps(result))
ok = (not info["missing_keys"] and not info["unexpected_keys"] and worst < 1e-4
      and not result["tensor_names_only_in_winnow"] and not result["tensor_names_only_in_transformers"]
      and model.config.problem_type == "multi_label_classification")
sys.exit(0 if ok else 1)
