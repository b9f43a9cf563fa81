"""Linear-time forms of the ECR model's patterns that backtrack badly in ``re``.

The model's patterns were written for another regex engine.  A pattern that
needs care is found by measurement (``tests/test_hostile.py`` times every
pattern of the facts file on adversarial strings up to its member's maximum
length) and gets an equivalent form here; the same test proves equivalence
against the original on strings short enough for the original to be fast.
"""

from __future__ import annotations

import re

# Measured (Python 3.11, ``re``): the original below takes 0.02 s on 17
# characters, 0.6 s on 21 and 25 s on 25; the member allows 255.  The other
# patterns of the model stay far below the test's one-second bound on its
# adversarial families at their members' maximum length.
LINEAR_FORMS = {
    # ScanningRepositoryFilterValue: `[sep or char]?[char]+` repeated can split a
    # run of characters in exponentially many ways before failing.  The language
    # is runs of [a-z0-9*] joined by single separators; possessive runs cannot
    # backtrack because a run is always followed by a separator or the end.
    "^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$": "[a-z0-9*]++(?:[._\\-/][a-z0-9*]++)*+",
}


def enforceable(pattern: str | None) -> str | None:
    """``pattern`` if Python's ``re`` can match it, else None: the field then keeps its length bounds only.

    A few services write patterns for Java's engine (``\\p{Print}``, ``\\p{L}``),
    which ``re`` cannot compile; a validator holding one could not even be
    built.  ECR's and ECR Public's patterns all compile.
    """
    if pattern is None:
        return None
    try:
        re.compile(pattern, re.ASCII)
    except re.error:
        return None
    return pattern
