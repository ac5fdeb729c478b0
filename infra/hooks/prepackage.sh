#!/bin/sh
# azd prepackage hook: builds the bundle azd deploys (.package/app). With CATALOG_FILE set in the azd environment
# (`azd env set CATALOG_FILE my-catalog.yaml`), your catalog goes into the bundle at CATALOG_PATH, the same value
# main.parameters.json gives the app's CATALOG_PATH setting.
set -eu
if [ -n "${CATALOG_FILE:-}" ]; then
  npm run package -- --catalog "$CATALOG_FILE" --catalog-path "${CATALOG_PATH:-catalog.yaml}"
else
  npm run package
fi
