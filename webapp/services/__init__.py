"""Business rules: plain functions taking (session, actor, values). They flush, never commit."""
