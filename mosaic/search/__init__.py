"""Full-text and faceted search behind one small interface (see backends/base.py)."""
