#!/usr/bin/env bash
# Installs the FHIR R4 validator the keel-io `fhir` test runs: the npm
# package `fhir` (FHIR.js, R4 structure definitions and value sets shipped
# in the package, so validation needs no network) into target/fhir-js.
# Idempotent; .ci/run calls it. Needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
dir=target/fhir-js
version=4.12.0
if [ -f "$dir/node_modules/fhir/package.json" ] \
  && grep -q "\"version\": \"$version\"" "$dir/node_modules/fhir/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
mkdir -p "$dir"
npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock "fhir@$version" >/dev/null
echo "installed fhir@$version into $dir"
