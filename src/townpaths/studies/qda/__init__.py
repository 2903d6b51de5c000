"""Study 2: interviews and narrative coding.

Positions in transcripts are Unicode code points, end exclusive (``text[start:end]``), counted
in the text as normalised once on import (:func:`townpaths.studies.qda.core.text.normalise`).
``core`` is pure (codebook, segments, agreement, Table 2, the REFI-QDA project model);
``formats`` reads and writes REFI-QDA and transcripts; ``service`` owns the database.
"""
