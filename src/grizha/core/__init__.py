"""Shared foundations: base model, page components, health check, the command line."""
