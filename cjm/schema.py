"""The JSON Schema of the journey format, generated from the models, as draft-07."""

from __future__ import annotations

import json
from typing import Any

from cjm.model import Journey

SCHEMA_ID = "https://cjm-journeys.example/schemas/journey.schema.json"


def journey_schema() -> dict[str, Any]:
    """Draft-07 JSON Schema (`definitions`, not `$defs`): what the YAML language server supports fully."""
    schema = Journey.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    definitions = schema.pop("$defs", {})
    out: dict[str, Any] = {"$schema": "http://json-schema.org/draft-07/schema#"}
    out.update(schema)
    if definitions:
        out["definitions"] = dict(sorted(definitions.items()))
    return out


def schema_text() -> str:
    """The schema as it is committed in schemas/journey.schema.json."""
    return json.dumps(journey_schema(), indent=2, ensure_ascii=False) + "\n"
