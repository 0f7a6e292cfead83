"""The Sphinx/Manticore cluster engine: everything that speaks SphinxQL.

``engine.SphinxEngine`` searches, ``writer.ClusterWriter`` indexes, ``text`` turns
tokens and parsed queries into the engine's keywords and MATCH syntax,
``graded`` finds partial matches, ``nodes`` knows engine URLs, the shard
registry and a local cluster's ``searchd`` processes."""
