"""Controllers of the live window: what a menu does, away from the window's layout."""
