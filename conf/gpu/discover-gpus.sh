#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs of
# this node as Spark's ResourceInformation JSON, e.g. {"name":"gpu","addresses":["0","1"]}.
# Addresses are nvidia-smi indices, which Winnow turns into DJL devices gpu:<index>.
set -euo pipefail
indices=$(nvidia-smi --query-gpu=index --format=csv,noheader)
addresses=$(printf '%s\n' "$indices" | sed -e 's/[[:space:]]//g' -e '/^$/d' -e 's/.*/"&"/' | paste -sd, -)
printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
