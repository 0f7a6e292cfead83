"""The query language, engine-neutral: ``parser`` reads what people type into a
Whoosh query tree plus the query language's own nodes (``nodes``), the graded
relaxation (``graded``) and long pasted texts (``description``). Each engine
gives the tree its meaning."""
