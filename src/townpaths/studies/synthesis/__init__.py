"""The case synthesis: periods, narratives (Table 2), problems (Table 4), solutions (Figure 8),
dualities, facts and the lock-in / path-renewal evidence.
"""
