"""Towns compared side by side (issue #16): every study's comparison of two or more towns of one
database, the summary of each pair, as DataFrames, HTML, PDF and Word (:mod:`.build`,
:mod:`.frames`, :mod:`.render`), and the suggested alignment of narratives and problems by the
words they share (:mod:`.suggest`)."""
