"""Data generator and benchmarks for a large association's year (issue 11). Not a Django app."""
