"""Search library: Vietnamese text folding, the backend-neutral query model, and the backends.

Knows nothing of Flask. The backends live in ``search.backends`` (chosen by the
application's configuration); what callers need everywhere is re-exported here.
"""

from .fallback import near_matches
from .query import Hit, Query, SearchResult, highlight, query_terms, snippet
from .text import expand, fold, fold_tokens, normalize

__all__ = [
    "Hit",
    "Query",
    "SearchResult",
    "expand",
    "fold",
    "fold_tokens",
    "highlight",
    "near_matches",
    "normalize",
    "query_terms",
    "snippet",
]
