#!/usr/bin/env bash
# Validates the Kubernetes Indexed Job of docs/scale-out.md offline, with no cluster: no kubeconform or
# kubeval is packaged by Debian 12, and kubectl's validation asks a live API server for its schema.
# Two npm packages do it here:
#   - kubernetes-models: the Kubernetes API's JSON schemas compiled for Ajv (types, enums, required
#     fields), the check kubeconform makes;
#   - @kubernetes/client-node: the official client's model classes list each object's fields, which
#     catches misspelt or misplaced keys (the schemas allow unknown keys, as the API server's
#     non-strict decoding does; kubeconform's -strict is this check).
# Then it makes sure it can fail: two broken copies (a misspelt field, a wrong enum value) must be refused.
# Usage: docs/validate-k8s.sh        (needs node and npm; installs into a temp folder it removes)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The first ```yaml block of the doc is the manifest.
awk '/^```yaml$/ { inside = 1; next } /^```$/ && inside { exit } inside' "$root/docs/scale-out.md" > "$work/job.yaml"
sed 's/completionMode: Indexed/completionMode: Indexd/' "$work/job.yaml" > "$work/broken-enum.yaml"
sed 's/restartPolicy: Never/restartPolicy: Never\n      restartPolicyy: Never/' "$work/job.yaml" > "$work/broken-field.yaml"

(cd "$work" && npm init -y > /dev/null && npm install --no-audit --no-fund --loglevel=error \
  kubernetes-models@5.1.0 @kubernetes/client-node@1.4.0 yaml@2.9.1 > /dev/null)

cat > "$work/validate.mjs" <<'EOF'
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as client from "@kubernetes/client-node";

// Every key must be a field of its object's type; recurse into fields whose type is a model class.
function unknownKeys(value, typeName, path, found) {
  const array = /^Array<(.+)>$/.exec(typeName);
  if (array) { (value ?? []).forEach((item, i) => unknownKeys(item, array[1], `${path}[${i}]`, found)); return found; }
  const type = client[typeName];
  if (typeof type?.getAttributeTypeMap !== "function" || value === null || typeof value !== "object") return found;
  const fields = new Map(type.getAttributeTypeMap().map(a => [a.baseName, a.type]));
  for (const [key, child] of Object.entries(value)) {
    if (!fields.has(key)) found.push(`${path}.${key}: not a field of ${typeName}`);
    else unknownKeys(child, fields.get(key), `${path}.${key}`, found);
  }
  return found;
}

let failed = false;
for (const document of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const object = document.toJS();
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const problems = unknownKeys(object, `${version[0].toUpperCase()}${version.slice(1)}${object.kind}`, object.kind, []);
  try {
    const Model = (await import(`kubernetes-models/${group ? `${group}/` : ""}${version}`))[object.kind];
    new Model(object).validate();
  } catch (e) { problems.push(e.message); }
  console.log(problems.length ? `  refused ${object.kind} ${object.metadata?.name}: ${problems.join("; ")}` : `  valid ${object.apiVersion} ${object.kind} ${object.metadata?.name}`);
  failed ||= problems.length > 0;
}
process.exit(failed ? 1 : 0);
EOF

echo "the manifest of docs/scale-out.md:"
node "$work/validate.mjs" "$work/job.yaml"
for broken in broken-enum broken-field; do
  echo "$broken (must be refused):"
  if node "$work/validate.mjs" "$work/$broken.yaml"; then echo "validate-k8s: $broken was accepted" >&2; exit 1; fi
done
echo "validate-k8s: the manifest is valid; both broken copies were refused"
