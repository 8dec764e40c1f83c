"""The one base of every error the helpers raise about what a person gave them.

A text, a structure file, a quiz bank, a results file, a lexicon, a hub link: when one of them
is wrong, the error is a :class:`HelpersError` whose message names the file, the question or
the field and says what to do, in words a teacher can act on.  The command line catches this
one class and prints its message; anything else is a bug and keeps its traceback.  It is a
``ValueError`` so that code written before it (``except ValueError``) keeps working.
"""

from __future__ import annotations


class HelpersError(ValueError):
    """Something a user supplied cannot be used; the message says what and where."""
