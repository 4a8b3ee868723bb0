"""Writes of analytics: the figures' refresh (refresh.py) and the satisfaction survey (survey.py)."""
