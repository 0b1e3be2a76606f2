"""Words pages write where a value is missing ("N/A", "TBA", "--", "[none]"): never a value themselves."""

from __future__ import annotations

import re

# Whole values only: "Unknown Mortal Orchestra" is a band, "Unknown" is not. "Various" is left
# out: on a compilation it is what the page says of the artist. Discogs writes its missing
# label as "Not On Label (Wilco Self-released)".
_PLACEHOLDER = re.compile(
    r"(?i)^[\[(]?\s*(?:n/?a|n\.a|none|null|nil|unknown|unk|tba|tbd|tbc|to be (?:announced|confirmed|determined)|"
    r"not (?:available|specified|known|applicable)|no label|not on label\b.*|-+|—+|–+|\?+|\.+|0000(?:-00(?:-00)?)?|"
    r"k\.\s?a|unbekannt|inconnu|desconocido|sconosciuto|不明|未知|なし|无|"
    r"(?:no |not? )?(?:image|picture|photo|cover|artwork|poster)s? (?:not available|unavailable|coming soon|missing)|"
    r"no (?:image|picture|photo|cover|artwork|poster)s?(?: available)?)\s*[\])]?$"
)


def is_placeholder(value: str) -> bool:
    """True for a value that stands for no value ("N/A", "TBA", "--", "[none]", "Unknown")."""
    return bool(_PLACEHOLDER.match(value.strip().rstrip(".:;,").strip()))


__all__ = ["is_placeholder"]
