"""Casework's forms, one module per part of the work. They check what a person typed and say what to
fix; the services check it again and decide."""
