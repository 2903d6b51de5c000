"""Study 2: interviews and narrative coding (pure logic; storage in :mod:`townpaths.qda.service`).

Positions in transcripts are Unicode code points, end exclusive (``text[start:end]``), counted
in the text as normalised once on import (:func:`townpaths.qda.text.normalise`).
"""
