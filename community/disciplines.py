"""The professions members come from. First-class: every member has exactly one."""
from __future__ import annotations

DISCIPLINES: dict[str, str] = {
    "nursing": "Nursing",
    "midwifery": "Midwifery",
    "medicine": "Medicine",
    "allied-health": "Allied health professions",
    "pharmacy": "Pharmacy",
    "healthcare-science": "Healthcare science",
    "psychology": "Psychology",
    "dentistry": "Dentistry",
    "social-care": "Social care",
    "public-health": "Public health",
    "management": "Management and operations",
    "other": "Other",
}

CHOICES = list(DISCIPLINES.items())


def label(slug: str) -> str:
    return DISCIPLINES.get(slug, slug)
