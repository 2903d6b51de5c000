"""Economic lock-in indicators from employment by firm or NACE sector (pure functions in
:mod:`indicators` and :mod:`evidence`; database access in :mod:`service`)."""
