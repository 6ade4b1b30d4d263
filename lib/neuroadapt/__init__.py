"""neuroadapt: models of drug tolerance, dependence and withdrawal.

One module per mechanism (see the book's chapter "Principles and Mechanisms").
Models are pure numpy functions; figure builders live in ``neuroadapt_book.figures``.
"""

__version__ = "0.1.0"
