"""Reads of staff development: trainings, supervision, competences and project indicators."""
