"""A case is one town's study: the read API (:mod:`.case`), town lifecycle (:mod:`.towns`) and
the lossless bundle format (:mod:`.bundle`)."""
