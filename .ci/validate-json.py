#!/usr/bin/env python3
"""Validate a JSON document against a JSON Schema: validate-json.py SCHEMA DOCUMENT."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("validate-json: python3 jsonschema is missing: pip install jsonschema", file=sys.stderr)
    sys.exit(2)

schema_path, doc_path = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path, encoding="utf-8"))
document = json.load(open(doc_path, encoding="utf-8"))
validator = jsonschema.validators.validator_for(schema)(schema)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
for e in errors[:20]:
    print(f"{doc_path}: {'/'.join(map(str, e.path)) or '(root)'}: {e.message}", file=sys.stderr)
if errors:
    sys.exit(1)
print(f"{doc_path}: valid against {schema_path}")
