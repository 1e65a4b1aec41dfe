"""cjm: journey-as-code for customer journey maps.

The package root stays import-light (``cjm --version`` must not load pydantic or
PyYAML); the public API is re-exported lazily.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Journey": "cjm.model",
    "load_journey": "cjm.load",
    "load_journey_text": "cjm.load",
    "Finding": "cjm.findings",
    "Config": "cjm.config",
    "lint_paths": "cjm.lint",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'cjm' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
