"""The three analyzers, one module each: ``sourcing``, ``framing``, ``rhetoric``.

Each exposes ``analyze(doc: Document) -> LayerResult`` and reads its rules from
``helpers/lexicons/<layer>.toml``.  They are imported only when an analysis runs.
"""
