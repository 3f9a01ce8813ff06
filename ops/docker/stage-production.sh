#!/bin/sh
# The production install of the host app: the Dockerfile's build stage runs it, and so does
# tools/docker-check (part of npm test), which proves the image's recipe without a Docker engine.
# From a built workspace at <source>, it puts into <target> what the image runs: the builds of
# apps/api and the libraries, their manifests and the lockfile, and their production dependencies.
#   sh ops/docker/stage-production.sh <source> <target>
set -eu
source=$1
target=$2
mkdir -p "$target"
cd "$source"
for manifest in package.json package-lock.json libs/*/package.json apps/api/package.json; do
  mkdir -p "$target/$(dirname "$manifest")"
  cp "$manifest" "$target/$manifest"
done
for built in apps/api/dist libs/*/dist; do
  cp -R "$built" "$target/$built"
done
cd "$target"
# Workspaces are installed as production packages, so the tools (tools/*: the embedded PostgreSQL,
# the receiver, the sender) would come along as devDependencies of the app and the libraries: the
# staged manifests name only the app and the libraries as workspaces, and keep no devDependencies.
node --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
for (const path of process.argv.slice(1)) {
  const manifest = JSON.parse(readFileSync(path, "utf8"));
  delete manifest.devDependencies;
  if (path === "package.json") manifest.workspaces = ["libs/*", "apps/api"];
  writeFileSync(path, JSON.stringify(manifest, null, 2) + "\n");
}' package.json libs/*/package.json apps/api/package.json
# The versions of the lockfile, production dependencies only.
npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error
