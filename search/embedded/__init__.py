"""The embedded engine: a Whoosh index in a folder, and every use of Whoosh's
private parts (``docsets``, ``mapped``, ``segments``, ``whoosh_patches``; checked by
tests/test_whoosh_internals.py against the pinned version).

``searcher.SearchIndex`` searches, ``writer.IndexWriter`` indexes."""
