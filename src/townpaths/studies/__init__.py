"""The studies of the method, one package each: ``core`` (pure logic, no database, files or web),
``formats`` (its file formats; depends on ``core`` and :mod:`townpaths.formats` only), ``service``
(its database access) and ``study`` (the descriptor read by :mod:`townpaths.registry`)."""
