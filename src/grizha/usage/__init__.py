"""What people tell us about service pages ("Was this useful?"), how often pages are read, and the
searches that found nothing: shown to editors and fed to the needs analysis."""
