"""The verdict scale: one place for labels, definitions and ratings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    id: str
    label: str
    icon: str  # shown with the label: never colour alone
    definition: str
    rating: int  # ClaimReview ratingValue: 5 best .. 1 worst
    colour: str  # as --fc-<id> in docs/assets/factcheck.css (tested); used by the preview images


SCALE = (
    Verdict("accurate", "Accurate", "✓",
            "The claim is correct, and nothing left out would change what a reader takes from it.", 5, "#1a6b34"),
    Verdict("needs-context", "Needs context", "i",
            "The claim is correct as far as it goes, but it is dated, incomplete or out of place in a way "
            "that could change what a reader takes from it.", 4, "#1f5596"),
    Verdict("misleading", "Misleading", "!",
            "The claim contains something true but is presented so as to give a false impression.", 3, "#9a4a00"),
    Verdict("unsupported", "Unsupported", "?",
            "No reliable evidence is offered or known for the claim. It may not be false, but nothing "
            "a patient can check supports it.", 2, "#6b3fb0"),
    Verdict("inaccurate", "Inaccurate", "✗", "The claim is contradicted by reliable evidence.", 1, "#a8231b"),
)
BY_ID = {v.id: v for v in SCALE}
NOTE = Verdict("note", "Context", "¶", "A context note: background for the reader, not a rating.", 0, "#4f5660")


def verdict(vid: str | None) -> Verdict:
    return BY_ID.get(vid or "", NOTE)
