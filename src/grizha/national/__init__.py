"""The national catalogue: the catalogue in the EU's vocabulary (CPSV-AP), the state's registers of
services (IISDA, the National Map), its freshness and completeness across municipalities, and routing."""
