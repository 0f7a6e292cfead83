"""Saved pages into an engine: ``indexer.extract`` turns a file into records
(the extractor, usable alone), and the indexing job (``indexer.build.index_paths``:
files, prepare, workers, progress) hands their documents to an engine's writer."""
