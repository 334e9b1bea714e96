"""motcua: audit and research tools for Vietnam's one-stop (một cửa) administrative-reform claims.

The package loads, cleans and validates reform data (claims registers, dossier exports, survey
sheets), runs documented consistency checks, and drives the parameterized notebooks in
``notebooks/`` through papermill. Logic lives here; notebooks only call it and explain.
"""

__version__ = "0.1.0"
