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

from ..errors import HelpersError

if TYPE_CHECKING:
    from ..contract import LayerResult
    from ..document import Document
    from ..lexicon import Lexicon


@dataclass(frozen=True)
class Registered:
    """One analyzer: its layer name, its module, and the metrics every segment gets from it.

    ``own_lexicon``: the analyzer's ``analyze(doc, lexicon)`` runs on a lexicon of one's own
    (a teacher's list loaded with ``helpers.lexicon.load_lexicon_file``) in place of the
    shipped one.
    """

    layer: str
    module: str
    metrics: Mapping[str, Any] = field(default_factory=dict)
    own_lexicon: bool = False

    def load(self) -> Callable[..., LayerResult]:
        fn: Callable[..., LayerResult] = import_module(self.module, __name__).analyze
        return fn

    def run(self, doc: Document, lexicon: Lexicon | None = None) -> LayerResult:
        """The analyzer's result on ``doc``, with ``lexicon`` in place of the shipped one."""
        if lexicon is None:
            return self.load()(doc)
        if not self.own_lexicon:
            raise HelpersError(f"the {self.layer} analyzer cannot run on a lexicon of your own yet")
        if lexicon.layer != self.layer:
            raise HelpersError(
                f"{lexicon.path or lexicon.name}: a {lexicon.layer} lexicon cannot stand in for "
                f"the {self.layer} one (its [meta] layer says {lexicon.layer!r})"
            )
        return self.load()(doc, lexicon)


REGISTRY: Mapping[str, Registered] = MappingProxyType(
    {
        "sourcing": Registered("sourcing", ".sourcing", {"attributions": 0}),
        "framing": Registered("framing", ".framing", {"hedges": 0, "loaded": 0}, own_lexicon=True),
        "rhetoric": Registered("rhetoric", ".rhetoric", own_lexicon=True),
    }
)
