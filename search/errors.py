"""Why an engine cannot be written to, the same from every engine."""


class IndexBusy(Exception):
    """Another process is writing to the same index."""


class SchemaChanged(Exception):
    """The index was written with another schema; it needs --rebuild."""
