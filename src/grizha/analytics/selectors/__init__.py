"""Reads of analytics: the figures of the needs analysis and of effectiveness, as tables (grizha.analytics.tables)
with small groups suppressed, for the staff pages, their downloads and the annual report."""
