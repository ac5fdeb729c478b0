# azd prepackage hook (Windows): same as prepackage.sh.
$ErrorActionPreference = 'Stop'
if ($env:CATALOG_FILE) {
  $catalogPath = if ($env:CATALOG_PATH) { $env:CATALOG_PATH } else { 'catalog.yaml' }
  npm run package -- --catalog $env:CATALOG_FILE --catalog-path $catalogPath
} else {
  npm run package
}
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
