"""Qt item models over the projections of ``app`` (one model per projection)."""
