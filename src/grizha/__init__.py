"""grizha: the social services of a Bulgarian municipality, for the people who need them."""

__version__ = "0.1.0"
