"""The performance benchmark: ``make bench`` runs :mod:`bench.run`."""
