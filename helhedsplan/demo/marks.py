"""How demo rows are marked: a note a reader sees, and a mark at the end of a demo text (the rows
themselves are found again by their is_demo flag or, for texts, by the mark)."""

DEMO_NOTE = "Demodata"
DEMO_MARK = "(demodata)"
