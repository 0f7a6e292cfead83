"""Text into tokens: ``schema`` owns the Whoosh schema and the analyzer that both
the index and the queries use; ``segment`` cuts words (rjieba, or jieba);
``synonyms`` reads the alias groups."""
