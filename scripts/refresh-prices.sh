#!/usr/bin/env bash
# Regenerates the built-in price catalog (src/CostWatch.Core/Pricing/BuiltInCatalog/litellm-catalog.json and its
# NOTICE.md) from a copy of LiteLLM's model_prices_and_context_window.json.
#
#   scripts/refresh-prices.sh [path/to/litellm-model-prices.json] [--source-commit <sha>] [--notice <NOTICE.md>]
#
# Default input: ../shared/data/litellm-model-prices.json beside the repository. The source commit and the MIT
# notice are read from the NOTICE.md beside the input unless given. Review the diff, then run the Core tests.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
input="$repo/../shared/data/litellm-model-prices.json"
if [[ $# -gt 0 && "$1" != --* ]]; then
    input="$(realpath "$1")"
    shift
fi

[[ -f "$input" ]] || { echo "refresh-prices.sh: no price file at $input" >&2; exit 1; }

cd "$repo"
exec dotnet run --project tools/CostWatch.PriceCatalogBuilder -- \
    "$input" src/CostWatch.Core/Pricing/BuiltInCatalog "$@"
