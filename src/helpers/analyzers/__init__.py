"""The three analyzers, one module each: ``sourcing``, ``framing``, ``rhetoric``.

Each exposes ``analyze(doc: Document) -> LayerResult`` (see :mod:`helpers.contract`) and reads
its rules from ``helpers/lexicons/<layer>.toml``.  :data:`REGISTRY` is the one list of them:
``helpers.analyze`` runs what it names, in its order, and gives every segment the metrics an
analyzer promises (zero when it did not run).  Modules are imported only when an analysis runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..contract import LayerResult
    from ..document import Document


@dataclass(frozen=True)
class Registered:
    """One analyzer: its layer name, its module, and the metrics every segment gets from it."""

    layer: str
    module: str
    metrics: Mapping[str, Any] = field(default_factory=dict)

    def load(self) -> Callable[[Document], LayerResult]:
        fn: Callable[[Document], LayerResult] = import_module(self.module, __name__).analyze
        return fn


REGISTRY: Mapping[str, Registered] = MappingProxyType(
    {
        "sourcing": Registered("sourcing", ".sourcing", {"attributions": 0}),
        "framing": Registered("framing", ".framing", {"hedges": 0, "loaded": 0}),
        "rhetoric": Registered("rhetoric", ".rhetoric"),
    }
)
