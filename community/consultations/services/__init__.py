"""Consultation operations: building (building.py), answering (answering.py), results (results.py)."""
