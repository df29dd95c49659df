"""Widgets of the live session window: banner, agenda, search box, status line."""
