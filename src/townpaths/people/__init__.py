"""People of a townpaths server: accounts, their roles per town, what each role may do, and what a
town shows anonymous visitors. :mod:`.core` is pure (roles, the permission matrix, password hashing
and policy, one-time tokens, signed sessions); :mod:`.service` is the only place with database
access (accounts, roles, set-password links, login throttling, sessions, a person's overview)."""
