"""The one kind of error a user meets: the job cannot be done as asked (one line, exit 2).

Every input and output problem of the commands (an unreadable file, a bad config or CSV,
an unknown revision, an output over an input) subclasses it, so the command line catches
one class. Problems inside a journey are findings, not exceptions.
"""

from __future__ import annotations


class JobError(Exception):
    """The job cannot be done as asked: the message is one line for the user, exit 2."""
