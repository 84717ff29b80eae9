#!/usr/bin/env bash
# Rebuild actorgraph/web/static/vendor/codemirror.js (and its licence file) from npm: the
# exact versions of package-lock.json are installed into a temporary folder, bundled by
# esbuild into one minified script, and the licence texts of every bundled package are
# gathered beside it. Needs node and npm; run from anywhere: bash tools/codemirror/build.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vendor="$here/../../actorgraph/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$work/"
cd "$work"
npm ci --no-audit --no-fund --loglevel=error
npx esbuild entry.js --bundle --minify --format=iife --target=es2020 --legal-comments=none \
  --outfile="$vendor/codemirror.js"
# One licence file for everything bundled: each package's name, version and LICENSE text.
{
  echo "Licences of the packages bundled in codemirror.js (all MIT), as each package ships them."
  for package in $(node -e '
      const lock = require("./package-lock.json");
      for (const [path, info] of Object.entries(lock.packages))
        if (path && !info.dev && !/esbuild/.test(path)) console.log(path.replace(/^node_modules\//, ""));'); do
    version="$(node -p "require('./node_modules/$package/package.json').version")"
    echo
    echo "================================================================================"
    echo "$package $version"
    echo "================================================================================"
    cat "node_modules/$package/LICENSE"
  done
} > "$vendor/LICENSES.txt"
echo "wrote $vendor/codemirror.js ($(wc -c < "$vendor/codemirror.js") bytes) and LICENSES.txt"
