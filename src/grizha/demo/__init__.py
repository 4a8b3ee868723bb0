"""The demo municipality (Sliven): its catalog, offices and staff accounts, and `grizha demo`."""
