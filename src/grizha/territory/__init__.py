"""Municipalities, settlements and mayoralties (EKATTE), and the offices people can go to."""
