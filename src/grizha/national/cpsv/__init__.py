"""The catalogue in the EU's Core Public Service Vocabulary (CPSV-AP 3.2), as JSON-LD."""
